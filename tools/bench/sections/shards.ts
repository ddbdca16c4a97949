// shards: what spreading the index over 3 Meilisearch nodes costs on this one machine (all nodes share its 2 cores,
// so this is fan-out overhead, never speed-up): indexing rate and query latency on 1 node vs 3 shards, side by side;
// then growth to 1M chunks over 3 shards with the hashed-bigram vectors of the scale section. The hashed-vector runs
// index without readings: their analysis costs ~7 ms a chunk in this one Node thread (1M chunks: two hours), and
// would set the pace instead of Meilisearch and the sharded writes.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../../../service/logger.ts';
import type { Core } from '../../../service/open-core.ts';
import { resolveSettings } from '../../../service/settings.ts';
import { createChunkStore, type ChunkStore } from '../../../store/chunk-store.ts';
import { createShardedStore } from '../../../store/shards/sharded-store.ts';
import { stopWordsFor } from '../../../text/stop-words.ts';
import { indexDocuments } from '../../../indexer/pipeline/index-documents.ts';
import { createKeywordForm } from '../../../indexer/keyword-form.ts';
import { jsquadConfig } from '../../lib/jsquad-config.ts';
import { jsquadDocs, openJsquadCore, timedIndex } from '../../lib/jsquad-index.ts';
import { fmt, fmtRatio, heading, round as r3, table } from '../../lib/format.ts';
import { createHashEmbedder } from '../../lib/hash-embedder.ts';
import { loadQueries } from '../../lib/jsquad.ts';
import { interleavedLoad, QueryRotation, runLoad, strip, type LoadResult } from '../../lib/load.ts';
import { log, print } from '../../lib/log.ts';
import { cpuSeconds, dirBytes } from '../../lib/proc.ts';
import { dropAll } from '../../lib/drop-all.ts';
import { findMeiliBinary, startMeilisearch, type MeiliProcess } from '../../lib/processes.ts';
import { buildScaleCorpus } from '../../lib/scale-corpus.ts';
import { searchPath, startKensaku, type ChildServer } from '../../lib/servers.ts';
import { queryLatency } from './scale.ts';
import type { SourceDocument } from '../../../domain/documents.ts';

type Arm = '1 node' | '3 shards';
const ARMS: Arm[] = ['1 node', '3 shards'];

interface Node {
  name: string;
  dir: string;
  proc: MeiliProcess;
}

export async function shardsSection(quick: boolean, docsLimit: number | undefined, sizesFlag?: number[]) {
  const root = mkdtempSync(path.join(tmpdir(), 'kensaku-bench-shards-'));
  const { path: binary } = await findMeiliBinary({ dataDir: root });
  const nodes: Node[] = [];
  const servers: ChildServer[] = [];
  // One indexing thread each, as the embedded Meilisearch gets on 2 cores: 4 nodes must not each claim both.
  const start = async (name: string) => {
    const dir = path.join(root, name);
    mkdirSync(dir, { recursive: true });
    const node = {
      name,
      dir,
      proc: await startMeilisearch({ binary, dataDir: dir, indexingThreads: 1, maxIndexingMemory: '1GiB' }),
    };
    nodes.push(node);
    return node;
  };
  try {
    const single = await start('single');
    const shards = [await start('s1'), await start('s2'), await start('s3')];
    const shardsEnv = JSON.stringify(shards.map((n) => ({ name: n.name, url: n.proc.url, apiKey: n.proc.masterKey })));
    const arms: Record<Arm, Node[]> = { '1 node': [single], '3 shards': shards };
    const envOf: Record<Arm, Record<string, string>> = {
      '1 node': { MEILI_URL: single.proc.url, MEILI_MASTER_KEY: single.proc.masterKey },
      '3 shards': { MEILI_SHARDS: shardsEnv, MEILI_MASTER_KEY: '' },
    };
    const indexing = await indexingRate(quick, arms, shardsEnv);
    const latency = await latencies(quick, docsLimit, root, envOf, arms, servers);
    for (const s of servers.splice(0)) await s.stop();
    const growth = await grow(quick, sizesFlag, shardsEnv, shards);
    report(indexing, latency, growth);
    return {
      indexing,
      latency: { ...latency, rows: latency.rows.map((r) => ({ ...r, result: strip(r.result) })) },
      growth,
    };
  } finally {
    for (const s of servers) await s.stop().catch(() => undefined);
    for (const n of nodes) await n.proc.stop().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  }
}

const storeFor = (
  arm: Arm,
  indexName: string,
  nodes: Node[],
  shardsEnv: string,
  embedder: { name: string; dimensions: number },
): ChunkStore => {
  const config = jsquadConfig(tmpdir());
  const options = {
    indexName,
    locale: config.INDEX_LOCALE,
    stopWords: stopWordsFor(config.STOP_WORDS),
    embedder,
    timeoutMs: 900_000,
  };
  if (arm === '1 node')
    return createChunkStore({ ...options, url: nodes[0].proc.url, apiKey: nodes[0].proc.masterKey });
  return createShardedStore({
    ...options,
    shards: (JSON.parse(shardsEnv) as { name: string; url: string; apiKey: string }[]).map((n) => ({
      ...n,
      retired: false,
    })),
  });
};

const cpuOf = (nodes: Node[]) => nodes.reduce((sum, n) => sum + cpuSeconds(n.proc.pid), 0);

/** Pipeline + Meilisearch only (hashed vectors): the same documents into fresh indexes, in rounds A B B A. */
async function indexingRate(quick: boolean, arms: Record<Arm, Node[]>, shardsEnv: string) {
  const hash = createHashEmbedder();
  const config = jsquadConfig(tmpdir());
  const maxChars = config.CHUNK_MAX_CHARS;
  const corpus = buildScaleCorpus(quick ? 5_000 : 20_000, maxChars);
  const keywordForm = createKeywordForm({ ...resolveSettings(config).keywordForm, readings: false });
  const runs: Record<Arm, { seconds: number; chunks: number; meiliCpu: number }[]> = { '1 node': [], '3 shards': [] };
  let round = 0;
  for (const arm of [...ARMS, ...[...ARMS].reverse()]) {
    const store = storeFor(arm, `rate_${round++}`, arms[arm], shardsEnv, {
      name: hash.modelId,
      dimensions: hash.dimensions,
    });
    await store.ensureIndexes();
    log(`shards: indexing ${corpus.chunks} chunks into ${arm} (hashed vectors), round ${round}`);
    const cpu0 = cpuOf(arms[arm]);
    const t0 = performance.now();
    const s = await indexDocuments(corpus.documents, {
      store,
      embedder: hash,
      embedderName: hash.modelId,
      maxChars,
      keywordForm,
    });
    const seconds = (performance.now() - t0) / 1000;
    if (s.failed.length) throw new Error(`shards indexing: ${JSON.stringify(s.failed.slice(0, 2))}`);
    runs[arm].push({ seconds: r3(seconds, 2), chunks: s.chunksWritten, meiliCpu: r3(cpuOf(arms[arm]) - cpu0, 2) });
    await dropAll(store);
  }
  const best = (arm: Arm) => Math.max(...runs[arm].map((r) => r.chunks / r.seconds));
  return {
    chunks: corpus.chunks,
    runs,
    chunksPerSecond: { '1 node': r3(best('1 node'), 1), '3 shards': r3(best('3 shards'), 1) },
  };
}

/** Real `kensaku serve` processes, one per arm, on the same JSQuAD index (real model), loaded A B, B A, A B, B A. */
async function latencies(
  quick: boolean,
  docsLimit: number | undefined,
  root: string,
  envOf: Record<Arm, Record<string, string>>,
  arms: Record<Arm, Node[]>,
  servers: ChildServer[],
) {
  const dataDir = path.join(root, 'kensaku');
  const docs = jsquadDocs(docsLimit);
  for (const arm of ARMS) {
    // One DATA_DIR: the second arm's passages come from the first's embedding cache.
    const core = await openJsquadCore(dataDir, envOf[arm]);
    log(`shards: indexing ${docs.length} JSQuAD paragraphs into ${arm} (real model)`);
    const { summary } = await timedIndex(core, docs);
    if (summary.failed.length) throw new Error(`shards: ${JSON.stringify(summary.failed.slice(0, 2))}`);
    await core.close();
  }
  const server: Record<Arm, ChildServer> = {} as Record<Arm, ChildServer>;
  for (const arm of ARMS) {
    server[arm] = await startKensaku(dataDir, 180_000, { ...envOf[arm], EMBED_QUERY_CACHE: '0' });
    servers.push(server[arm]);
  }
  const amounts: Record<number, number> = quick ? { 1: 80, 8: 160 } : { 1: 240, 8: 480 };
  const rows: { arm: Arm; mode: string; c: number; result: LoadResult }[] = [];
  for (const mode of ['hybrid', 'keyword']) {
    for (const c of quick ? [1] : [1, 8]) {
      const pooled = await interleavedLoad(ARMS, loadQueries(), async (arm, queries) => {
        const r = await runLoad({
          base: server[arm].base,
          path: searchPath(mode),
          queries,
          connections: c,
          amount: amounts[c] / 4,
          maxSeconds: 120,
        });
        if (r.non2xx) throw new Error(`shards: ${r.non2xx} non-2xx answers from ${arm}`);
        return r;
      });
      for (const arm of ARMS) rows.push({ arm, mode, c, result: pooled[arm] });
    }
  }
  // Meilisearch CPU per hybrid search, summed over an arm's nodes: what each query costs the cluster.
  const perQuery: Record<Arm, number> = { '1 node': NaN, '3 shards': NaN };
  const n = quick ? 60 : 200;
  for (const arm of ARMS) {
    const cpu0 = cpuOf(arms[arm]);
    await runLoad({
      base: server[arm].base,
      path: searchPath('hybrid'),
      queries: new QueryRotation(loadQueries(31)),
      connections: 1,
      amount: n,
      maxSeconds: 120,
    });
    perQuery[arm] = r3(((cpuOf(arms[arm]) - cpu0) * 1000) / n, 2);
  }
  return { documents: docs.length, rows, meiliCpuMsPerQuery: perQuery };
}

/** Growth over 3 shards, cumulative: each size adds documents to the same index, then is measured. */
async function grow(quick: boolean, sizesFlag: number[] | undefined, shardsEnv: string, shards: Node[]) {
  const sizes = sizesFlag ?? (quick ? [10_000, 50_000] : [10_000, 100_000, 1_000_000]);
  const hash = createHashEmbedder();
  const config = jsquadConfig(tmpdir());
  const maxChars = config.CHUNK_MAX_CHARS;
  const keywordForm = createKeywordForm({ ...resolveSettings(config).keywordForm, readings: false });
  const store = storeFor('3 shards', 'growth', shards, shardsEnv, { name: hash.modelId, dimensions: hash.dimensions });
  await store.ensureIndexes();
  await store.putEmbedderRecord({ modelId: hash.modelId, fingerprint: hash.fingerprint, dimensions: hash.dimensions });
  log(`shards: building a ${sizes.at(-1)}-chunk corpus`);
  const corpus = buildScaleCorpus(sizes.at(-1)!, maxChars);
  const settings = resolveSettings(config);
  const semantic = { embedder: hash, available: true, embedderName: hash.modelId };
  const core = {
    settings: { ...settings, store: { ...settings.store, indexName: 'growth' } },
    logger: createLogger('silent'),
    store,
    embedder: hash,
    indexEmbedder: hash,
    semantic,
    close: async () => {},
  } as unknown as Core;
  const rotation = new QueryRotation(loadQueries(23));
  const deadline = performance.now() + (quick ? 15 : 50) * 60_000;
  const rows: Record<string, unknown>[] = [];
  let at = 0;
  let chunks = 0;
  let indexSeconds = 0;
  const cpu = () => shards.map((n) => cpuSeconds(n.proc.pid));
  const cpuStart = cpu();
  for (const size of sizes) {
    let partial = false;
    const t0 = performance.now();
    while (chunks < size && at < corpus.documents.length) {
      if (performance.now() > deadline) {
        partial = true;
        break;
      }
      // About one chunk per document: slices stop near each size, whose row is measured there.
      const slice: SourceDocument[] = corpus.documents.slice(at, at + Math.max(100, Math.min(10_000, size - chunks)));
      at += slice.length;
      const s = await indexDocuments(slice, {
        store,
        embedder: hash,
        embedderName: hash.modelId,
        maxChars,
        keywordForm,
      });
      if (s.failed.length) throw new Error(`shards growth: ${JSON.stringify(s.failed.slice(0, 2))}`);
      chunks += s.chunksWritten;
      log(`  ${chunks} chunks over 3 shards, ${fmt(indexSeconds + (performance.now() - t0) / 1000)} s`);
    }
    const seconds = (performance.now() - t0) / 1000;
    indexSeconds += seconds;
    const latency = await queryLatency(core, rotation, quick ? 100 : 200, size);
    const cpuNow = cpu();
    const perShard = await Promise.all(
      shards.map(async (n, i) => ({
        name: n.name,
        chunks: await countOn(store, i),
        diskMiB: r3(dirBytes(path.join(n.dir, 'meili')) / 2 ** 20, 1),
        meiliCpuSeconds: r3(cpuNow[i] - cpuStart[i], 1),
      })),
    );
    rows.push({
      chunks,
      partial,
      indexSeconds: r3(indexSeconds, 1),
      chunksPerSecond: r3(chunks / indexSeconds, 1),
      latency,
      shards: perShard,
    });
    log(`  ${chunks}: hybrid p50 ${latency.hybrid.p50} ms, p95 ${latency.hybrid.p95} ms`);
    if (partial) break;
  }
  await dropAll(store);
  return rows;
}

const countOn = (store: ChunkStore, i: number) =>
  (store as ReturnType<typeof createShardedStore>).sharding.shards[i].store.countChunks();

function report(
  indexing: Awaited<ReturnType<typeof indexingRate>>,
  latency: Awaited<ReturnType<typeof latencies>>,
  growth: Record<string, any>[],
) {
  print(heading('shards: 1 node vs 3 shards on ONE machine (all nodes share 2 cores: fan-out overhead, not speed-up)'));
  print(
    `indexing ${indexing.chunks} chunks (hashed vectors, no readings: pipeline + Meilisearch), best of 2 rounds each, rounds A B B A:`,
  );
  const ci = indexing.chunksPerSecond;
  print(
    table([
      ['arm', 'chunks/s', 'Meilisearch CPU-s per round'],
      ...ARMS.map((a) => [a, fmt(ci[a]), indexing.runs[a].map((r) => fmt(r.meiliCpu)).join(', ')]),
      ['3 shards ÷ 1 node', fmtRatio(ci['3 shards'] / ci['1 node']), ''],
    ]),
  );
  print(
    `\nlatency, ${latency.documents} JSQuAD paragraphs (real model), one kensaku serve per arm, quarters A B, B A, A B, B A:`,
  );
  const t = [['mode', 'c', 'p50 1 node', 'p50 3 shards', 'p50 ratio', 'p95 1 node', 'p95 3 shards', 'p95 ratio']];
  for (const r of latency.rows.filter((x) => x.arm === '1 node')) {
    const b = latency.rows.find((x) => x.arm === '3 shards' && x.mode === r.mode && x.c === r.c)!.result;
    t.push([
      r.mode,
      String(r.c),
      fmt(r.result.p50),
      fmt(b.p50),
      fmtRatio(b.p50 / r.result.p50),
      fmt(r.result.p95),
      fmt(b.p95),
      fmtRatio(b.p95 / r.result.p95),
    ]);
  }
  print(table(t, (c) => c > 1));
  print(
    `Meilisearch CPU per hybrid search, all of an arm's nodes: 1 node ${fmt(latency.meiliCpuMsPerQuery['1 node'], 2)} ms, 3 shards ${fmt(latency.meiliCpuMsPerQuery['3 shards'], 2)} ms`,
  );
  print('\ngrowth over 3 shards (hashed vectors, NOT the model; no readings), cumulative:');
  const g = [
    [
      'chunks',
      'index s',
      'chunks/s',
      'per shard (chunks / disk MiB / Meili CPU-s)',
      'keyword p50/p95',
      'hybrid p50/p95',
    ],
  ];
  for (const r of growth) {
    g.push([
      `${r.chunks}${r.partial ? ' (partial)' : ''}`,
      fmt(r.indexSeconds),
      fmt(r.chunksPerSecond),
      r.shards
        .map((s: Record<string, number>) => `${s.chunks}/${fmt(s.diskMiB, 0)}/${fmt(s.meiliCpuSeconds, 0)}`)
        .join('  '),
      `${fmt(r.latency.keyword.p50)}/${fmt(r.latency.keyword.p95)}`,
      `${fmt(r.latency.hybrid.p50)}/${fmt(r.latency.hybrid.p95)}`,
    ]);
  }
  print(table(g));
  print(
    'On one machine every shard competes for the same 2 cores, so these numbers are the cost of federation, not its gain.',
  );
  print(
    'On N machines each shard indexes only its own documents (its Meilisearch CPU per chunk above is the cost per shard), and',
  );
  print(
    'each query runs on every shard over 1/N of the data, plus one network hop per leg; see docs/operations.md, Scaling out.',
  );
}
