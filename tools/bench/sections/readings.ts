// readings: what READINGS=on costs, against off, side by side: end-to-end indexing of the JSQuAD paragraphs on fresh
// DATA_DIRs (real model, no embedding cache), the index's size on disk, and hybrid latency over HTTP for JSQuAD
// questions and for kana queries (the readings of paragraph titles in hiragana, which search the readings).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toHiragana } from 'wanakana';
import { loadAnalyser } from '../../../text/reading/analyser.ts';
import { fmt, fmtRatio, heading, round as r3, table } from '../../lib/format.ts';
import { jsquadDocs, openJsquadCore, timedIndex } from '../../lib/jsquad-index.ts';
import { loadQueries } from '../../lib/jsquad.ts';
import { interleavedLoad, runLoad, type LoadResult } from '../../lib/load.ts';
import { log, print } from '../../lib/log.ts';
import { dirBytes } from '../../lib/proc.ts';
import { searchPath, startKensaku, type ChildServer } from '../../lib/servers.ts';

type Arm = 'off' | 'on';
const ARMS: Arm[] = ['off', 'on'];

export async function readingsSection(quick: boolean, docsLimit: number | undefined) {
  const docs = jsquadDocs(docsLimit);
  const dirs: Record<Arm, string> = { off: '', on: '' };
  const index: Record<Arm, { seconds: number[]; chunks: number; bytes: number }> = {
    off: { seconds: [], chunks: 0, bytes: 0 },
    on: { seconds: [], chunks: 0, bytes: 0 },
  };
  const servers: ChildServer[] = [];
  try {
    // off, on, then on, off: each arm's runs straddle the other's, so drift on the shared machine hits both alike.
    const order: Arm[] = quick ? ['off', 'on'] : ['off', 'on', 'on', 'off'];
    for (const arm of order) {
      const dir = mkdtempSync(path.join(tmpdir(), `kensaku-bench-readings-${arm}-`));
      const core = await openJsquadCore(dir, { READINGS: arm });
      log(`readings: indexing ${docs.length} paragraphs with READINGS=${arm} (fresh DATA_DIR, real model)`);
      const { seconds, summary } = await timedIndex(core, docs);
      if (summary.failed.length) throw new Error(`readings ${arm}: ${JSON.stringify(summary.failed.slice(0, 2))}`);
      await core.close();
      index[arm].seconds.push(seconds);
      index[arm].chunks = summary.chunksWritten;
      index[arm].bytes = dirBytes(path.join(dir, 'meili'));
      log(
        `  ${summary.chunksWritten} chunks in ${fmt(seconds, 1)} s; Meilisearch data ${fmt(index[arm].bytes / 2 ** 20, 1)} MiB`,
      );
      if (dirs[arm]) rmSync(dir, { recursive: true, force: true });
      else dirs[arm] = dir;
    }

    log('readings: serving both indexes (kensaku serve, EMBED_QUERY_CACHE=0)');
    const serve: Record<Arm, ChildServer> = {
      off: await startKensaku(dirs.off, 180_000, { READINGS: 'off' }),
      on: undefined as unknown as ChildServer,
    };
    servers.push(serve.off);
    serve.on = await startKensaku(dirs.on, 180_000, { READINGS: 'on' });
    servers.push(serve.on);
    const analyse = loadAnalyser();
    const kana = [
      ...new Set(
        docs.map((d) =>
          toHiragana(
            analyse(d.title)
              .map((m) => m.reading ?? m.surface)
              .join(''),
          ),
        ),
      ),
    ].filter((q) => /^[\p{Script=Hiragana}ー]+$/u.test(q));
    const sets = { questions: loadQueries(), kana };
    const amounts: Record<number, number> = quick ? { 1: 80, 8: 160 } : { 1: 240, 8: 480 };
    const rows: { set: string; arm: Arm; c: number; result: LoadResult }[] = [];
    for (const [set, queries] of Object.entries(sets)) {
      for (const c of [1, 8]) {
        const pooled = await interleavedLoad(ARMS, queries, (arm, rotation) =>
          runLoad({
            base: serve[arm].base,
            path: searchPath('hybrid'),
            queries: rotation,
            connections: c,
            amount: amounts[c] / 4,
            maxSeconds: 120,
          }),
        );
        for (const arm of ARMS) rows.push({ set, arm, c, result: pooled[arm] });
        log(`  ${set} c=${c}: p95 off ${fmt(rows.at(-2)!.result.p95)} on ${fmt(rows.at(-1)!.result.p95)} ms`);
      }
    }
    return report(index, rows, kana.length);
  } finally {
    for (const s of servers) await s.stop().catch(() => undefined);
    for (const d of Object.values(dirs)) if (d) rmSync(d, { recursive: true, force: true });
  }
}

function report(
  index: Record<Arm, { seconds: number[]; chunks: number; bytes: number }>,
  rows: { set: string; arm: Arm; c: number; result: LoadResult }[],
  kanaQueries: number,
) {
  const best = (arm: Arm) => Math.min(...index[arm].seconds);
  const rate = (arm: Arm) => index[arm].chunks / best(arm);
  print(heading('readings: READINGS=on against off, side by side'));
  print(
    table([
      ['READINGS', 'chunks', 'index runs, s', 'chunks/s (best)', 'Meilisearch data, MiB'],
      ...ARMS.map((arm) => [
        arm,
        String(index[arm].chunks),
        index[arm].seconds.map((s) => fmt(s, 1)).join(', '),
        fmt(rate(arm), 1),
        fmt(index[arm].bytes / 2 ** 20, 1),
      ]),
    ]),
  );
  const rateRatio = rate('on') / rate('off');
  print(
    `indexing rate on ÷ off: ${fmtRatio(rateRatio)} (target ≥ 0.90× -> ${rateRatio >= 0.9 ? 'MET' : 'NOT MET'}); index size on ÷ off: ${fmtRatio(index.on.bytes / index.off.bytes)}`,
  );
  const t = [['queries', 'c', 'p50 off', 'p50 on', 'p95 off', 'p95 on', 'p95 on ÷ off']];
  for (const r of rows.filter((x) => x.arm === 'on')) {
    const off = rows.find((x) => x.arm === 'off' && x.set === r.set && x.c === r.c)!.result;
    t.push([
      r.set,
      String(r.c),
      fmt(off.p50),
      fmt(r.result.p50),
      fmt(off.p95),
      fmt(r.result.p95),
      fmtRatio(r.result.p95 / off.p95),
    ]);
  }
  print(table(t, (c) => c > 0));
  print(
    `hybrid, limit 10; questions: JSQuAD valid; kana: ${kanaQueries} paragraph titles read in hiragana (they search the readings when on).`,
  );
  return {
    index: Object.fromEntries(
      ARMS.map((arm) => [
        arm,
        {
          chunks: index[arm].chunks,
          seconds: index[arm].seconds.map((s) => r3(s, 2)),
          chunksPerSecond: r3(rate(arm), 1),
          meiliBytes: index[arm].bytes,
        },
      ]),
    ),
    rateRatio: r3(rateRatio, 3),
    sizeRatio: r3(index.on.bytes / index.off.bytes, 3),
    latency: rows.map((r) => ({
      set: r.set,
      readings: r.arm,
      concurrency: r.c,
      p50: r3(r.result.p50),
      p95: r3(r.result.p95),
      n: r.result.ok,
    })),
  };
}
