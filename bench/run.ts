// `npm run bench`: kensaku's benchmarks in ONE run, so every ratio compares numbers taken side by side on the same
// (noisy, 2-core) machine. Prints tables; writes bench/results/bench-<timestamp>.json.
//
//   npm run bench [-- --only embed,reindex,latency,scale,rss] [--quick] [--docs N] [--sizes 1000,10000] [--keep]
//
// Sections
//   embed    end-to-end indexing vs raw onnxruntime (Python) on the JSQuAD passages, interleaved rounds (bench/embed.ts)
//   reindex  re-index of the unchanged corpus vs the first index (same DATA_DIR; and again after a restart)
//   latency  p50/p95/p99 of keyword/semantic/hybrid over HTTP against a `kensaku serve` child, c=1/8/32, vs the peer
//            (query embedding + Meilisearch native hybrid, bench/peer-server.ts); search during a bulk index vs idle
//   rss      cold start (spawn -> /health ok with embeddings) and peak RSS (VmHWM) of the API process
//   scale    indexing time and query latency at ~1k/10k/100k chunks (hashed-bigram vectors, not the model)
// All load goes to 127.0.0.1. Every loop is bounded in count and time.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../service/build-app.ts';
import { createLogger } from '../service/logger.ts';
import { connectMeilisearch } from '../service/meili-connection.ts';
import { openCore, type Core } from '../service/open-core.ts';
import { createChunkStore } from '../store/chunk-store.ts';
import { stopWordsFor } from '../store/stop-words.ts';
import { indexDocuments } from '../indexer/pipeline/index-documents.ts';
import type { IndexSummary } from '../indexer/pipeline/types.ts';
import type { SourceDocument } from '../indexer/types.ts';
import { embedTables, runEmbedBench, writeJson, type EmbedBenchResult } from './embed.ts';
import { intFlag, parseFlags } from './lib/args.ts';
import { jsquadConfig } from './lib/embed-variants.ts';
import { fmt, fmtRatio, heading, percentile, round as r3, table } from './lib/format.ts';
import { createHashEmbedder } from './lib/hash-embedder.ts';
import { loadParagraphs, loadQueries, toDocuments } from './lib/jsquad.ts';
import { pool, QueryRotation, runLoad, summarise, type LoadResult } from './lib/load.ts';
import { cpuSeconds, findMeiliPid, loadAverage, memoryMiB } from './lib/proc.ts';
import { bulkDocuments, buildScaleCorpus } from './lib/scale-corpus.ts';
import { startKensaku, startPeer, type ChildServer } from './lib/servers.ts';
import { probeMeiliShapes, type ProbeRow } from './lib/meili-probe.ts';

const SECTIONS = ['embed', 'reindex', 'latency', 'scale', 'rss'] as const;
type Section = (typeof SECTIONS)[number];

const log = (s: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
const print = (s: string) => console.log(s);

interface Ratio {
  name: string;
  value: number;
  target?: string;
  met?: boolean;
  note?: string;
}

/** The JSQuAD-indexed DATA_DIR the sections share (index once, re-index, then serve it). */
interface JsquadIndex {
  dataDir: string;
  core: Core | null;
  firstSeconds: number;
  /** How the first index was made (one call, or the embed section's interleaved rounds). */
  firstHow: string;
  passages: number;
}

const sumSummaries = (ss: IndexSummary[]) => ({
  added: ss.reduce((s, x) => s + x.added, 0),
  unchanged: ss.reduce((s, x) => s + x.unchanged, 0),
  chunksWritten: ss.reduce((s, x) => s + x.chunksWritten, 0),
  failed: ss.reduce((s, x) => s + x.failed.length, 0),
});

async function timedIndex(core: Core, docs: SourceDocument[]) {
  const t0 = performance.now();
  const summary = await indexDocuments(docs, {
    store: core.store,
    embedder: core.semantic.available ? core.indexEmbedder : null,
    embedderName: core.semantic.available ? core.semantic.embedderName : null,
    maxChars: core.config.CHUNK_MAX_CHARS,
  });
  return { seconds: (performance.now() - t0) / 1000, summary };
}

/** First index of every JSQuAD paragraph on a fresh DATA_DIR, `kensaku index` path, one call. */
/** JSQuAD paragraphs the sections use (--docs N limits them; default all 1145). */
let DOCS_LIMIT: number | undefined;
const jsquadDocs = () => toDocuments(loadParagraphs(DOCS_LIMIT));

async function indexJsquadFresh(): Promise<JsquadIndex> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kensaku-bench-jsquad-'));
  const core = await openCore({ config: jsquadConfig(dataDir), logger: createLogger('silent'), separateIndexer: false });
  if (!core.semantic.available) throw new Error(`semantic leg unavailable: ${core.semantic.reason}`);
  const docs = jsquadDocs();
  log(`jsquad: indexing ${docs.length} paragraphs (fresh DATA_DIR, real model, one indexDocuments call)`);
  const { seconds, summary } = await timedIndex(core, docs);
  if (summary.failed.length) throw new Error(`jsquad index failed: ${JSON.stringify(summary.failed.slice(0, 3))}`);
  return { dataDir, core, firstSeconds: seconds, firstHow: 'one indexDocuments call', passages: summary.chunksWritten };
}

// ---------------------------------------------------------------------------------------------------------------

async function embedSection(quick: boolean, state: { jsquad?: JsquadIndex }): Promise<EmbedBenchResult> {
  const res = await runEmbedBench({
    limit: DOCS_LIMIT,
    rounds: quick ? 3 : 4,
    nanoStride: 6,
    variants: quick ? ['py-ort-single', 'local-b1', 'e2e-cli'] : ['py-ort-single', 'py-ort-sorted16', 'local-b1', 'e2e-no-meili', 'e2e-cli'],
    anchors: true,
    keepE2eCore: true,
    maxMinutes: quick ? 15 : 25,
    log,
  });
  if (res.e2eCore && res.roundsRun === res.roundsPlanned) {
    const e2e = res.variants.find((v) => v.name === 'e2e-cli')!;
    state.jsquad = {
      dataDir: res.e2eCore.dataDir,
      core: res.e2eCore.core,
      firstSeconds: e2e.seconds,
      firstHow: `embed section's e2e-cli: ${res.roundsRun} indexDocuments calls, one per round`,
      passages: e2e.passages,
    };
  } else if (res.e2eCore) {
    await res.e2eCore.close();
    rmSync(res.e2eCore.dataDir, { recursive: true, force: true });
  }
  print(heading('embedding throughput: end-to-end indexing vs raw runtime'));
  print(embedTables(res));
  return res;
}

async function reindexSection(state: { jsquad?: JsquadIndex }) {
  state.jsquad ??= await indexJsquadFresh();
  const j = state.jsquad;
  const docs = jsquadDocs();
  if (!j.core) j.core = await openCore({ config: jsquadConfig(j.dataDir), logger: createLogger('silent'), separateIndexer: false });
  log('reindex: second indexDocuments of the unchanged corpus (same process, same DATA_DIR)');
  const runs: { seconds: number; summary: ReturnType<typeof sumSummaries> }[] = [];
  for (let i = 0; i < 3; i++) {
    const r = await timedIndex(j.core, docs);
    runs.push({ seconds: r.seconds, summary: sumSummaries([r.summary]) });
  }
  log('reindex: after a restart (close, openCore on the same DATA_DIR, index again)');
  await j.core.close();
  const t0 = performance.now();
  j.core = await openCore({ config: jsquadConfig(j.dataDir), logger: createLogger('silent'), separateIndexer: false });
  const openSeconds = (performance.now() - t0) / 1000;
  const restart = await timedIndex(j.core, docs);
  const second = Math.min(...runs.map((r) => r.seconds));
  const res = {
    documents: docs.length,
    passages: j.passages,
    firstSeconds: r3(j.firstSeconds),
    firstHow: j.firstHow,
    reindexSeconds: runs.map((r) => r3(r.seconds, 4)),
    reindexSummary: runs[0].summary,
    afterRestart: { openCoreSeconds: r3(openSeconds), seconds: r3(restart.seconds, 4), summary: sumSummaries([restart.summary]) },
    ratio: r3(j.firstSeconds / second, 1),
    ratioAfterRestart: r3(j.firstSeconds / restart.seconds, 1),
  };
  const allUnchanged = runs.every((r) => r.summary.unchanged === docs.length && r.summary.chunksWritten === 0) && res.afterRestart.summary.unchanged === docs.length;
  print(heading('re-index of an unchanged corpus'));
  print(
    table([
      ['run', 'seconds', 'unchanged', 'chunks written', 'first ÷ this'],
      [`first index (${j.firstHow})`, fmt(j.firstSeconds, 2), '0', String(j.passages), '1.00×'],
      ...runs.map((r, i) => [`re-index #${i + 1}, same process`, fmt(r.seconds, 3), String(r.summary.unchanged), String(r.summary.chunksWritten), fmtRatio(j.firstSeconds / r.seconds)]),
      [`re-index after restart (openCore ${fmt(openSeconds, 1)} s not included)`, fmt(restart.seconds, 3), String(restart.summary.unchanged), String(restart.summary.chunksWritten), fmtRatio(res.ratioAfterRestart)],
    ]),
  );
  print(`target: re-index ≥ 50× faster than the first index: ${fmtRatio(res.ratio)} (best of 3) -> ${res.ratio >= 50 ? 'MET' : 'NOT MET'}${allUnchanged ? '' : '  (WARNING: not all documents reported unchanged)'}`);
  return { ...res, allUnchanged };
}

// ---------------------------------------------------------------------------------------------------------------

interface LatencyRow {
  target: string;
  concurrency: number;
  result: LoadResult;
}

const searchPath = (mode: string) => (q: string) => `/search?q=${encodeURIComponent(q)}&mode=${mode}&limit=10`;
const peerPath = (q: string) => `/search?q=${encodeURIComponent(q)}&limit=10`;

async function waitTask(base: string, id: string, maxSeconds: number): Promise<Record<string, unknown>> {
  const deadline = Date.now() + maxSeconds * 1000;
  for (;;) {
    const task = (await (await fetch(`${base}/tasks/${id}`)).json()) as Record<string, unknown>;
    if (task.status === 'succeeded' || task.status === 'failed') return task;
    if (Date.now() > deadline) throw new Error(`task ${id} not finished within ${maxSeconds} s: ${JSON.stringify(task).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function serveSection(quick: boolean, only: Set<Section>, state: { jsquad?: JsquadIndex }) {
  state.jsquad ??= await indexJsquadFresh();
  const j = state.jsquad;
  if (j.core) {
    await j.core.close(); // the server owns this DATA_DIR's Meilisearch now
    j.core = null;
  }
  const doLatency = only.has('latency');
  const doRss = only.has('rss');
  const rotation = new QueryRotation(loadQueries());
  const out: Record<string, unknown> = { queriesDistinct: rotation.queries.length, queryLruSize: 1000 };
  const servers: ChildServer[] = [];
  try {
    // ---- cold start ----
    const starts = doRss ? (quick ? 2 : 3) : 1;
    const cold: { readyMs: number; rssMiB: number; meiliRssMiB: number; events: Record<string, number> }[] = [];
    let serve!: ChildServer;
    for (let i = 0; i < starts; i++) {
      log(`serve: cold start ${i + 1}/${starts} (spawn kensaku serve -> /health ok with embeddings available)`);
      serve = await startKensaku(j.dataDir);
      cold.push({ readyMs: r3(serve.readyMs, 0), rssMiB: r3(serve.memory().rss, 0), meiliRssMiB: serve.meiliPid ? r3(memoryMiB(serve.meiliPid).rss, 0) : NaN, events: serve.events });
      if (i < starts - 1) await serve.stop();
    }
    servers.push(serve);
    out.coldStart = cold;
    if (!serve.meiliUrl || !serve.meiliKey) throw new Error(`could not read kensaku's Meilisearch URL from its log:\n${serve.tail()}`);

    const rows: LatencyRow[] = [];
    if (doLatency) {
      log('serve: starting the peers (native hybrid, limit 10 and limit 50)');
      const peer10 = await startPeer(j.dataDir, serve.meiliUrl, serve.meiliKey, 10, 0.7);
      servers.push(peer10);
      const peer50 = await startPeer(j.dataDir, serve.meiliUrl, serve.meiliKey, 50, 0.7);
      servers.push(peer50);
      out.peerStartMs = { limit10: r3(peer10.readyMs, 0), limit50: r3(peer50.readyMs, 0) };
      const targets = [
        { name: 'keyword', base: serve.base, path: searchPath('keyword') },
        { name: 'semantic', base: serve.base, path: searchPath('semantic') },
        { name: 'hybrid', base: serve.base, path: searchPath('hybrid') },
        { name: 'peer', base: peer10.base, path: peerPath },
        { name: 'peer-limit50', base: peer50.base, path: peerPath },
      ];
      log('serve: warm-up (30 requests per target, distinct queries)');
      for (const t of targets) await runLoad({ base: t.base, path: t.path, queries: rotation, connections: 1, amount: 30, maxSeconds: 60 });
      const amounts: Record<number, number> = quick ? { 1: 120, 8: 200, 32: 320 } : { 1: 240, 8: 400, 32: 480 };
      for (const c of [1, 8, 32]) {
        const halves: Record<string, LoadResult[]> = {};
        // A B C D E, then E D C B A: each target's two halves straddle the others, so drift hits all alike.
        for (const order of [targets, [...targets].reverse()]) {
          for (const t of order) {
            if (t.name === 'peer-limit50' && c === 32) continue;
            const r = await runLoad({ base: t.base, path: t.path, queries: rotation, connections: c, amount: amounts[c] / 2, maxSeconds: 150 });
            (halves[t.name] ??= []).push(r);
            log(`  c=${c} ${t.name.padEnd(12)} n=${r.ok} p50 ${fmt(r.p50)} p95 ${fmt(r.p95)} ms (${fmt(r.rps)} req/s)`);
          }
        }
        for (const t of targets) if (halves[t.name]) rows.push({ target: t.name, concurrency: c, result: pool(halves[t.name]) });
      }
      out.queriesUsed = rotation.used;
      out.queriesNeverRepeated = rotation.neverRepeated;

      // ---- what Meilisearch itself spends per request shape ----
      log('probe: Meilisearch request shapes (same queries, precomputed vectors, sequential)');
      out.meiliProbe = await probeMeiliShapes({
        url: serve.meiliUrl,
        apiKey: serve.meiliKey,
        indexName: 'chunks',
        embedderName: 'multilingual-e5-small',
        queries: rotation,
        count: quick ? 40 : 80,
        window: 50,
        log,
      }).catch((e) => {
        log(`probe failed: ${(e as Error).message}`);
        out.meiliProbeError = (e as Error).message;
        return undefined;
      });

      // ---- search while a bulk index runs ----
      await (async () => {
      const bulkCount = quick ? 300 : 500;
      const idleAmount = quick ? 100 : 150;
      log(`serve: hybrid c=1 idle, then during a bulk index of ${bulkCount} new paragraphs (POST /documents), then idle again`);
      const idleBefore = await runLoad({ base: serve.base, path: searchPath('hybrid'), queries: rotation, connections: 1, amount: idleAmount, maxSeconds: 120 });
      const bulk = bulkDocuments(bulkCount);
      const post = await fetch(`${serve.base}/documents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ documents: bulk }) });
      if (post.status !== 202) throw new Error(`POST /documents: ${post.status} ${await post.text()}`);
      const { taskId } = (await post.json()) as { taskId: string };
      const postedAt = Date.now();
      let finished: Record<string, unknown> | undefined;
      const isDone = async () => {
        const task = (await (await fetch(`${serve.base}/tasks/${taskId}`)).json()) as Record<string, unknown>;
        if (task.status === 'succeeded' || task.status === 'failed') finished = task;
        return finished !== undefined;
      };
      const during = await runLoad({ base: serve.base, path: searchPath('hybrid'), queries: rotation, connections: 1, amount: 5000, maxSeconds: 600, stopWhen: isDone });
      const task = finished ?? (await waitTask(serve.base, taskId, 900));
      const finishedAt = Date.parse(String(task.finishedAt ?? new Date().toISOString()));
      // Only responses completed while the task was running count as "during".
      const inside = during.samples.filter(([t]) => t <= finishedAt);
      const duringRes = summarise(inside, { connections: 1, non2xx: during.non2xx, errors: during.errors, timeouts: during.timeouts, seconds: r3((finishedAt - postedAt) / 1000, 2), rps: r3(inside.length / ((finishedAt - postedAt) / 1000), 1) });
      duringRes.server = during.server;
      const idleAfter = await runLoad({ base: serve.base, path: searchPath('hybrid'), queries: rotation, connections: 1, amount: idleAmount, maxSeconds: 120 });
      const idle = pool([idleBefore, idleAfter]);
      const counts = task.counts as Record<string, number>;
      out.bulk = {
        documents: bulkCount,
        taskStatus: task.status,
        counts,
        taskSeconds: r3((finishedAt - postedAt) / 1000, 2),
        indexRate: r3((counts?.chunks ?? 0) / ((finishedAt - postedAt) / 1000), 2),
        idle: strip(idle),
        during: strip(duringRes),
        ratioP50: r3(duringRes.p50 / idle.p50, 2),
        ratioP95: r3(duringRes.p95 / idle.p95, 2),
      };
      })().catch((e) => {
        log(`bulk-index part failed: ${(e as Error).message}`);
        out.bulkError = (e as Error).message;
      });
      out.queriesUsed = rotation.used;
      out.queriesNeverRepeated = rotation.neverRepeated;
    } else {
      log('serve: short hybrid load (c=8, 100 requests) so peak RSS reflects serving');
      await runLoad({ base: serve.base, path: searchPath('hybrid'), queries: rotation, connections: 8, amount: 100, maxSeconds: 120 });
    }

    // ---- memory ----
    out.rss = {
      apiPeakMiB: r3(serve.memory().peakRss, 0),
      apiRssMiB: r3(serve.memory().rss, 0),
      meiliPeakMiB: serve.meiliPid ? r3(memoryMiB(serve.meiliPid).peakRss, 0) : null,
      peerPeakMiB: servers[1] ? r3(servers[1].memory().peakRss, 0) : null,
      what: doLatency ? 'after cold start, all latency runs and the bulk index' : 'after cold start and a short hybrid load',
    };
    out.latency = rows.map((r) => ({ target: r.target, concurrency: r.concurrency, ...strip(r.result) }));
    printServe(out, rows, doLatency, doRss);
    return out;
  } finally {
    for (const s of servers.reverse()) await s.stop();
  }
}


/** A LoadResult without its per-response samples (kept out of the JSON). */
function strip(r: LoadResult) {
  const { samples: _s, ...rest } = r;
  return rest;
}

function printServe(out: Record<string, unknown>, rows: LatencyRow[], doLatency: boolean, doRss: boolean) {
  const cold = out.coldStart as { readyMs: number; rssMiB: number; events: Record<string, number> }[];
  const rss = out.rss as Record<string, number | string | null>;
  print(heading('kensaku serve: cold start and memory'));
  print(
    `cold start (spawn -> /health ok, embeddings available; model and index on disk, page cache warm): ` +
      `${cold.map((c) => fmt(c.readyMs / 1000, 2)).join(', ')} s (median ${fmt(percentile(cold.map((c) => c.readyMs), 50) / 1000, 2)} s)`,
  );
  const ev = cold[cold.length - 1]?.events ?? {};
  const at = (k: string) => (ev[k] !== undefined ? fmt(ev[k] / 1000, 2) : '—');
  print(`  last start: Meilisearch ready at ${at('meilisearch ready')} s, model(s) ready at ${at('embedding model ready')} s, listening at ${at('kensaku listening')} s, /health ok at ${fmt((cold[cold.length - 1]?.readyMs ?? NaN) / 1000, 2)} s after spawn`);
  print(`peak RSS (VmHWM) of the API process: ${fmt(rss.apiPeakMiB as number, 0)} MiB (${rss.what}); RSS right after its start ${fmt(cold[cold.length - 1]?.rssMiB, 0)} MiB; ` +
    `its Meilisearch: ${fmt(rss.meiliPeakMiB as number, 0)} MiB peak${rss.peerPeakMiB ? `; the peer: ${fmt(rss.peerPeakMiB as number, 0)} MiB peak` : ''}`);
  if (!doLatency) return;
  print(heading('query latency over HTTP (autocannon, loopback), ms'));
  const peerOf = (c: number) => rows.find((r) => r.target === 'peer' && r.concurrency === c)?.result;
  const t = [['target', 'c', 'n', 'p50', 'p95', 'p99', 'req/s', 'server embed p50', 'server meili p50', 'p95 ÷ peer p95']];
  for (const r of rows) {
    const peer = peerOf(r.concurrency);
    t.push([
      r.target,
      String(r.concurrency),
      String(r.result.ok),
      fmt(r.result.p50),
      fmt(r.result.p95),
      fmt(r.result.p99),
      fmt(r.result.rps),
      fmt(r.result.server?.embedding),
      fmt(r.result.server?.meilisearch),
      peer ? fmtRatio(r.result.p95 / peer.p95) : '—',
    ]);
  }
  print(table(t, (c) => c > 0));
  print(`queries: ${out.queriesUsed} requests drew from ${out.queriesDistinct} distinct JSQuAD questions in a fixed shuffled order; ` +
    `${out.queriesNeverRepeated ? 'no query was sent twice' : `the rotation wrapped, but a query recurs only after ${out.queriesDistinct} others (LRU holds 1000)`}, so every semantic/hybrid request missed the query LRU ` +
    `(suspected LRU hits, server embedding < 0.5 ms: ${rows.filter((r) => r.target !== 'keyword').reduce((s, r) => s + (r.result.suspectedLruHits ?? 0), 0)})`);
  print('peer = query embedding (same model, createEmbedder) + Meilisearch native hybrid (semanticRatio 0.7), limit 10; peer-limit50 asks Meilisearch for 50 like kensaku\'s legs (SEARCH_WINDOW=50).');
  const probe = out.meiliProbe as ProbeRow[] | undefined;
  if (probe?.length) {
    const peer = probe.find((p) => p.shape === 'native-hybrid-10');
    print(heading('Meilisearch cost per request shape (bench -> kensaku\'s Meilisearch, sequential, same queries), ms'));
    print(
      table(
        [
          ['shape', 'n', 'wall p50', 'wall p95', 'Meili p50', 'Meili p95', 'wall p50 ÷ native-10', 'what'],
          ...probe.map((p) => [p.shape, String(p.n), fmt(p.wallP50), fmt(p.wallP95), fmt(p.meiliP50), fmt(p.meiliP95), peer ? fmtRatio(p.wallP50 / peer.wallP50) : '—', p.what]),
        ],
        (c) => c > 0 && c < 7,
      ),
    );
    print('Meili = processingTimeMs Meilisearch reports (summed over the multi-search queries); wall = HTTP round trip from this process.');
  }
  const b = out.bulk as Record<string, unknown> & { idle: LoadResult; during: LoadResult };
  if (b) {
    print(heading('search during a bulk index vs idle (hybrid, c=1)'));
    print(
      table([
        ['state', 'n', 'p50', 'p95', 'p99', 'server embed p50', 'server meili p50'],
        ['idle (before + after)', String(b.idle.ok), fmt(b.idle.p50), fmt(b.idle.p95), fmt(b.idle.p99), fmt(b.idle.server?.embedding), fmt(b.idle.server?.meilisearch)],
        [`during POST /documents of ${b.documents} paragraphs`, String(b.during.ok), fmt(b.during.p50), fmt(b.during.p95), fmt(b.during.p99), fmt(b.during.server?.embedding), fmt(b.during.server?.meilisearch)],
      ]),
    );
    print(`bulk task: ${b.taskStatus}, ${JSON.stringify(b.counts)}, ${fmt(b.taskSeconds as number)} s = ${fmt(b.indexRate as number)} chunks/s while serving queries`);
    print(`target: search during bulk index ≤ 2× idle: p95 ${fmtRatio(b.ratioP95 as number)}, p50 ${fmtRatio(b.ratioP50 as number)} -> ${(b.ratioP95 as number) <= 2 ? 'MET' : 'NOT MET'}`);
  }
  for (const c of [1, 8]) {
    const h = rows.find((r) => r.target === 'hybrid' && r.concurrency === c)?.result;
    const p = peerOf(c);
    if (h && p) print(`target: hybrid p95 ≤ 1.2× peer p95 at c=${c}: ${fmtRatio(h.p95 / p.p95)} -> ${h.p95 / p.p95 <= 1.2 ? 'MET' : 'NOT MET'}`);
  }
  void doRss;
}

// ---------------------------------------------------------------------------------------------------------------

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += dirBytes(p);
    else if (e.isFile()) total += statSync(p).size;
  }
  return total;
}

async function scaleSection(quick: boolean, sizesFlag?: number[]) {
  const sizes = sizesFlag ?? (quick ? [1_000, 10_000] : [1_000, 10_000, 100_000]);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kensaku-bench-scale-'));
  const config = jsquadConfig(dataDir, { MEILI_TIMEOUT_MS: '900000' });
  const meili = await connectMeilisearch(config);
  const meiliPid = findMeiliPid(process.pid, dataDir);
  const hash = createHashEmbedder();
  const rotation = new QueryRotation(loadQueries(23));
  const perMode = quick ? 100 : 200;
  const maxIndexMinutes = quick ? 10 : 30;
  const results: Record<string, unknown>[] = [];
  try {
    for (const size of sizes) {
      const t0 = performance.now();
      const corpus = buildScaleCorpus(size, config.CHUNK_MAX_CHARS);
      const buildSeconds = (performance.now() - t0) / 1000;
      const indexName = `scale_${size}`;
      const store = createChunkStore({
        url: meili.url,
        apiKey: meili.apiKey,
        indexName,
        locale: config.INDEX_LOCALE,
        stopWords: stopWordsFor(config.STOP_WORDS),
        embedder: { name: hash.modelId, dimensions: hash.dimensions },
        timeoutMs: config.MEILI_TIMEOUT_MS,
      });
      await store.ensureIndexes();
      await store.putEmbedderRecord({ modelId: hash.modelId, fingerprint: hash.fingerprint, dimensions: hash.dimensions });
      log(`scale: indexing ${corpus.documents.length} documents = ${corpus.chunks} chunks into ${indexName} (hashed-bigram vectors)`);
      const size0 = dirBytes(path.join(dataDir, 'meili'));
      const cpu0 = meiliPid ? cpuSeconds(meiliPid) : NaN;
      const start = performance.now();
      const deadline = start + maxIndexMinutes * 60_000;
      const callDocs = 10_000;
      let chunks = 0;
      let partial = false;
      for (let at = 0; at < corpus.documents.length; at += callDocs) {
        if (performance.now() > deadline) {
          partial = true;
          break;
        }
        const s = await indexDocuments(corpus.documents.slice(at, at + callDocs), { store, embedder: hash, embedderName: hash.modelId, maxChars: config.CHUNK_MAX_CHARS });
        if (s.failed.length) throw new Error(`scale ${size}: ${JSON.stringify(s.failed.slice(0, 2))}`);
        chunks += s.chunksWritten;
        log(`  ${chunks} chunks indexed, ${fmt((performance.now() - start) / 1000)} s`);
      }
      const indexSeconds = (performance.now() - start) / 1000;
      const meiliCpu = meiliPid ? cpuSeconds(meiliPid) - cpu0 : NaN;
      const diskMiB = (dirBytes(path.join(dataDir, 'meili')) - size0) / 2 ** 20;

      // Queries through the real app (routes, validation, fusion, JSON), in process: no model, hash query vectors.
      const semantic = { embedder: hash, available: true, embedderName: hash.modelId };
      const core = { config: { ...config, INDEX_NAME: indexName }, logger: createLogger('silent'), meili, store, embedder: hash, indexEmbedder: hash, semantic, close: async () => {} } as unknown as Core;
      const { app } = buildApp(core, { defaultMetrics: false });
      const latency: Record<string, { p50: number; p95: number; p99: number; n: number }> = {};
      for (const mode of ['keyword', 'semantic', 'hybrid']) {
        const ms: number[] = [];
        const until = performance.now() + 120_000;
        for (let i = 0; i < perMode && performance.now() < until; i++) {
          const q = rotation.next();
          const t = performance.now();
          const res = await app.request(`/search?q=${encodeURIComponent(q)}&mode=${mode}&limit=10`);
          await res.text();
          if (res.status !== 200) throw new Error(`scale ${size} ${mode}: HTTP ${res.status}`);
          ms.push(performance.now() - t);
        }
        latency[mode] = { n: ms.length, p50: r3(percentile(ms, 50), 2), p95: r3(percentile(ms, 95), 2), p99: r3(percentile(ms, 99), 2) };
      }
      const row = {
        targetChunks: size,
        chunks,
        documents: corpus.documents.length,
        partial,
        corpusBuildSeconds: r3(buildSeconds, 2),
        indexSeconds: r3(indexSeconds, 2),
        chunksPerSecond: r3(chunks / indexSeconds, 1),
        meiliCores: r3(meiliCpu / indexSeconds, 2),
        meiliDiskMiB: r3(diskMiB, 1),
        latency,
      };
      results.push(row);
      log(`  ${size}: ${fmt(indexSeconds)} s, ${fmt(row.chunksPerSecond)} chunks/s; hybrid p50 ${latency.hybrid.p50} ms p95 ${latency.hybrid.p95} ms`);
      await store.dropAll();
    }
  } finally {
    await meili.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  print(heading('how cost grows with size (vectors: hashed character bigrams, NOT the model)'));
  const t = [['chunks', 'index s', 'chunks/s', 'Meili cores', 'disk MiB', 'keyword p50/p95', 'semantic p50/p95', 'hybrid p50/p95']];
  for (const r of results as Array<Record<string, any>>) {
    t.push([
      `${r.chunks}${r.partial ? ' (partial)' : ''}`,
      fmt(r.indexSeconds),
      fmt(r.chunksPerSecond),
      fmt(r.meiliCores, 2),
      fmt(r.meiliDiskMiB),
      `${fmt(r.latency.keyword.p50)}/${fmt(r.latency.keyword.p95)}`,
      `${fmt(r.latency.semantic.p50)}/${fmt(r.latency.semantic.p95)}`,
      `${fmt(r.latency.hybrid.p50)}/${fmt(r.latency.hybrid.p95)}`,
    ]);
  }
  print(table(t));
  print('Vectors come from a deterministic hashed-bigram embedder (384 dims) because the real model would need hours for 100k chunks');
  print('on 2 cores: index times here are the pipeline + Meilisearch only (add ~1/28 s per chunk of model time on an idle machine).');
  print(`Latency: in-process app.request (routes, validation, fusion, JSON; no socket, no model), sequential, ${perMode} distinct queries per mode.`);
  return results;
}

// ---------------------------------------------------------------------------------------------------------------

function ratiosOf(r: Record<string, any>): Ratio[] {
  const out: Ratio[] = [];
  const e = r.embed as EmbedBenchResult | undefined;
  if (e) {
    for (const t of e.e2eTarget) {
      out.push({ name: `${t.variant} ÷ best raw onnxruntime (${e.bestOrt?.name})`, value: t.ratio, target: '≥ 0.9', met: t.ratio >= 0.9, note: `one-call estimate ${fmtRatio(t.oneCallRatio)}` });
    }
    const local = e.variants.find((v) => v.name === 'local-b1');
    if (local) out.push({ name: 'local embedder b1 ÷ best raw onnxruntime', value: local.ratioToBestOrt });
  }
  if (r.reindex) out.push({ name: 'first index ÷ unchanged re-index', value: r.reindex.ratio, target: '≥ 50', met: r.reindex.ratio >= 50 });
  const lat = r.serve?.latency as Array<Record<string, any>> | undefined;
  if (lat?.length) {
    const get = (t: string, c: number) => lat.find((x) => x.target === t && x.concurrency === c);
    for (const c of [1, 8, 32]) {
      const h = get('hybrid', c);
      const p = get('peer', c);
      if (h && p) out.push({ name: `hybrid p95 ÷ peer p95, c=${c}`, value: h.p95 / p.p95, ...(c <= 8 ? { target: '≤ 1.2', met: h.p95 / p.p95 <= 1.2 } : {}) });
      const p50 = get('peer-limit50', c);
      if (h && p50) out.push({ name: `hybrid p95 ÷ peer(limit 50) p95, c=${c}`, value: h.p95 / p50.p95 });
      const k = get('keyword', c);
      if (h && k) out.push({ name: `hybrid p95 ÷ keyword p95, c=${c}`, value: h.p95 / k.p95 });
    }
    const h1 = get('hybrid', 1);
    const h8 = get('hybrid', 8);
    if (h1 && h8) out.push({ name: 'hybrid p95 at c=8 ÷ c=1', value: h8.p95 / h1.p95 });
  }
  if (r.serve?.bulk) {
    out.push({ name: 'hybrid p95 during bulk index ÷ idle', value: r.serve.bulk.ratioP95, target: '≤ 2', met: r.serve.bulk.ratioP95 <= 2 });
    out.push({ name: 'hybrid p50 during bulk index ÷ idle', value: r.serve.bulk.ratioP50 });
  }
  const s = r.scale as Array<Record<string, any>> | undefined;
  if (s && s.length > 1) {
    for (let i = 1; i < s.length; i++) {
      const a = s[i - 1];
      const b = s[i];
      out.push({ name: `index time ${b.chunks} ÷ ${a.chunks} chunks (size ×${fmt(b.chunks / a.chunks, 1)})`, value: b.indexSeconds / a.indexSeconds });
      for (const m of ['keyword', 'semantic', 'hybrid']) out.push({ name: `${m} p95 at ${b.chunks} ÷ ${a.chunks} chunks`, value: b.latency[m].p95 / a.latency[m].p95 });
    }
  }
  return out.map((x) => ({ ...x, value: r3(x.value, 2) }));
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), {
    only: { type: 'string' },
    quick: { type: 'boolean' },
    keep: { type: 'boolean' },
    docs: { type: 'string' },
    sizes: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    print('npm run bench -- [--only embed,reindex,latency,scale,rss] [--quick] [--docs N (JSQuAD paragraphs, default 1145)] [--sizes 1000,10000,100000] [--keep (keep the JSQuAD DATA_DIR)]');
    return;
  }
  if (flags.docs) DOCS_LIMIT = intFlag(flags.docs, 1145, 'docs');
  const sizes = typeof flags.sizes === 'string' ? flags.sizes.split(',').map((x) => intFlag(x.trim(), 1000, 'sizes')) : undefined;
  const only = new Set<Section>(typeof flags.only === 'string' ? (flags.only.split(',').map((s) => s.trim()) as Section[]) : SECTIONS);
  const bad = [...only].filter((s) => !SECTIONS.includes(s));
  if (bad.length) throw new Error(`unknown sections: ${bad.join(', ')}; known: ${SECTIONS.join(', ')}`);
  const quick = flags.quick === true;
  const started = performance.now();
  const state: { jsquad?: JsquadIndex } = {};
  const results: Record<string, any> = {};
  const loadBefore = loadAverage();
  log(`bench: sections ${[...only].join(', ')}${quick ? ' (quick)' : ''}; load average ${loadBefore.join('/')}`);
  try {
    // A failing section is reported and the others still run.
    const attempt = async (name: string, work: () => Promise<unknown>) => {
      try {
        results[name] = await work();
      } catch (e) {
        log(`section ${name} failed: ${(e as Error).stack ?? e}`);
        print(`\nsection ${name} FAILED: ${(e as Error).message}`);
        (results.errors ??= []).push({ section: name, message: (e as Error).message });
      }
    };
    if (only.has('embed')) await attempt('embed', () => embedSection(quick, state));
    if (only.has('reindex')) await attempt('reindex', () => reindexSection(state));
    if (only.has('latency') || only.has('rss')) await attempt('serve', () => serveSection(quick, only, state));
    if (state.jsquad?.core) await state.jsquad.core.close();
    if (state.jsquad) state.jsquad.core = null;
    if (only.has('scale')) await attempt('scale', () => scaleSection(quick, sizes));
  } finally {
    if (state.jsquad?.core) await state.jsquad.core.close().catch(() => undefined);
    if (state.jsquad && !flags.keep) rmSync(state.jsquad.dataDir, { recursive: true, force: true });
    else if (state.jsquad) log(`kept the JSQuAD DATA_DIR: ${state.jsquad.dataDir}`);
  }
  const ratios = ratiosOf(results);
  print(heading('ratios (all from this one run)'));
  print(table([['ratio', 'value', 'target', ''], ...ratios.map((x) => [x.name, fmtRatio(x.value), x.target ?? '', x.met === undefined ? (x.note ?? '') : `${x.met ? 'MET' : 'NOT MET'}${x.note ? `  (${x.note})` : ''}`])], (c) => c === 1));
  const seconds = (performance.now() - started) / 1000;
  const embed = results.embed as EmbedBenchResult | undefined;
  if (embed) delete (embed as Partial<EmbedBenchResult>).e2eCore;
  const file = writeJson('bench', {
    kind: 'bench',
    date: new Date().toISOString(),
    node: process.version,
    args: process.argv.slice(2),
    quick,
    sections: [...only],
    jsquadDocuments: DOCS_LIMIT ?? 1145,
    loadAverage: { before: loadBefore, after: loadAverage() },
    seconds: r3(seconds, 1),
    ratios,
    ...results,
  });
  print(`\nwhole run: ${fmt(seconds / 60, 1)} min; load average ${loadBefore.join('/')} -> ${loadAverage().join('/')}`);
  print(`JSON: ${path.relative(process.cwd(), file)}`);
}

process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
main().then(
  () => process.exit(0),
  (e) => {
    console.error(`bench failed: ${(e as Error).stack ?? e}`);
    process.exit(1);
  },
);
