// keys: what a scoped key costs a search, against the SEARCH_KEY, side by side on one `kensaku serve`: hybrid p50/p95
// for the same JSQuAD questions at c=1 and c=8. The scoped key has a filter (ANDed as Meilisearch's filter array)
// and a rate limit high enough never to refuse.
import { fmt, fmtRatio, heading, round as r3, table } from '../../lib/format.ts';
import { loadQueries } from '../../lib/jsquad.ts';
import { interleavedLoad, runLoad, type LoadResult } from '../../lib/load.ts';
import { print } from '../../lib/log.ts';
import { BENCH_SEARCH_KEY, startKeyedJsquadServer } from '../../lib/keyed-server.ts';
import { searchPath } from '../../lib/servers.ts';

type Arm = 'search-key' | 'scoped';
const ARMS: Arm[] = ['search-key', 'scoped'];

export async function keysSection(quick: boolean, docsLimit: number | undefined) {
  const keyed = await startKeyedJsquadServer('keys', docsLimit);
  const { server } = keyed;
  try {
    const auth: Record<Arm, string> = { 'search-key': BENCH_SEARCH_KEY, scoped: keyed.scopedKey };
    const amounts: Record<number, number> = quick ? { 1: 80, 8: 160 } : { 1: 240, 8: 480 };
    const rows: { arm: Arm; c: number; result: LoadResult }[] = [];
    for (const c of [1, 8]) {
      const pooled = await interleavedLoad(ARMS, loadQueries(), async (arm, queries) => {
        const r = await runLoad({
          base: server.base,
          path: searchPath('hybrid'),
          queries,
          connections: c,
          amount: amounts[c] / 4,
          maxSeconds: 120,
          headers: { authorization: `Bearer ${auth[arm]}` },
        });
        if (r.non2xx) throw new Error(`keys: ${r.non2xx} non-2xx answers for ${arm}`);
        return r;
      });
      for (const arm of ARMS) rows.push({ arm, c, result: pooled[arm] });
    }
    print(heading('keys: a scoped key (filter + rate limit) against SEARCH_KEY, one server, side by side'));
    const t = [['c', 'p50 search key', 'p50 scoped', 'p95 search key', 'p95 scoped', 'p95 scoped ÷ search key']];
    for (const c of [1, 8]) {
      const a = rows.find((r) => r.arm === 'search-key' && r.c === c)!.result;
      const b = rows.find((r) => r.arm === 'scoped' && r.c === c)!.result;
      t.push([String(c), fmt(a.p50), fmt(b.p50), fmt(a.p95), fmt(b.p95), fmtRatio(b.p95 / a.p95)]);
    }
    print(table(t, (col) => col > 0));
    return {
      latency: rows.map((r) => ({
        arm: r.arm,
        concurrency: r.c,
        p50: r3(r.result.p50),
        p95: r3(r.result.p95),
        n: r.result.ok,
      })),
    };
  } finally {
    await keyed.stop();
  }
}
