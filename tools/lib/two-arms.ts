import { fmt, fmtRatio, round as r3, table } from './format.ts';
import { loadQueries } from './jsquad.ts';
import { interleavedLoad, runLoad, type LoadResult } from './load.ts';
import { searchPath } from './servers.ts';

export interface TwoArmsOptions<A extends string> {
  /** The baseline first, then the arm measured against it. */
  arms: readonly [A, A];
  /** How the table names each arm. */
  labels: Record<A, string>;
  quick: boolean;
  /** Where each arm's hybrid searches go, and with which headers. */
  target: (arm: A) => { base: string; headers?: Record<string, string> };
  /** Names the arm in the error a non-2xx answer raises. */
  name: string;
}

/**
 * Hybrid p50/p95 of two arms for the same JSQuAD questions at c=1 and c=8, in interleaved quarters (so a drift in the
 * machine's load hits both alike): the table of both with the measured arm's p95 ÷ the baseline's, and the rows as JSON.
 */
export async function twoArmLatency<A extends string>(options: TwoArmsOptions<A>) {
  const { arms, labels } = options;
  const amounts: Record<number, number> = options.quick ? { 1: 80, 8: 160 } : { 1: 240, 8: 480 };
  const rows: { arm: A; c: number; result: LoadResult }[] = [];
  for (const c of [1, 8]) {
    const pooled = await interleavedLoad(arms, loadQueries(), async (arm, queries) => {
      const { base, headers } = options.target(arm);
      const r = await runLoad({
        base,
        path: searchPath('hybrid'),
        queries,
        connections: c,
        amount: amounts[c] / 4,
        maxSeconds: 120,
        ...(headers ? { headers } : {}),
      });
      if (r.non2xx) throw new Error(`${options.name}: ${r.non2xx} non-2xx answers for ${arm}`);
      return r;
    });
    for (const arm of arms) rows.push({ arm, c, result: pooled[arm] });
  }
  const [a, b] = arms.map((arm) => labels[arm]);
  const t = [['c', `p50 ${a}`, `p50 ${b}`, `p95 ${a}`, `p95 ${b}`, `p95 ${b} ÷ ${a}`]];
  for (const c of [1, 8]) {
    const [base, measured] = arms.map((arm) => rows.find((r) => r.arm === arm && r.c === c)!.result);
    t.push([
      String(c),
      fmt(base.p50),
      fmt(measured.p50),
      fmt(base.p95),
      fmt(measured.p95),
      fmtRatio(measured.p95 / base.p95),
    ]);
  }
  return {
    rows,
    table: table(t, (col) => col > 0),
    latency: rows.map((r) => ({
      arm: r.arm,
      concurrency: r.c,
      p50: r3(r.result.p50),
      p95: r3(r.result.p95),
      n: r.result.ok,
    })),
  };
}
