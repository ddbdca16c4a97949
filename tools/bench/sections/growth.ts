// growth: one Meilisearch node grown to 10k, 100k and 300k chunks (cumulative: each size adds to the same index), and
// at each size the index rate of that step, hybrid latency over HTTP, and the peak RSS of the API and of Meilisearch.
// Vectors are the scale section's hashed bigrams (the model would need over an hour for 300k chunks on 2 cores), and
// the chunks are indexed without readings (their analysis, ~7 ms a chunk on this Node thread, would set the pace and
// hide Meilisearch's curve). The API runs as its own process (growth-server.ts) so its RSS is not the bench's.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectMeilisearch } from '../../../service/meili-connection.ts';
import { resolveSettings } from '../../../service/settings.ts';
import { indexDocuments } from '../../../indexer/pipeline/index-documents.ts';
import { createKeywordForm } from '../../../indexer/keyword-form.ts';
import { jsquadConfig } from '../../lib/jsquad-config.ts';
import { fmt, heading, round as r3, table } from '../../lib/format.ts';
import { createHashEmbedder } from '../../lib/hash-embedder.ts';
import { openHashedStore } from '../../lib/hashed-store.ts';
import { loadQueries } from '../../lib/jsquad.ts';
import { QueryRotation, runLoad, strip, type LoadResult } from '../../lib/load.ts';
import { log, print } from '../../lib/log.ts';
import {
  cpuSeconds,
  dirBytes,
  findMeiliPid,
  memoryMiB,
  resetPeakRss,
  rssPartsMiB,
  selfCpuSeconds,
} from '../../lib/proc.ts';
import { freePort, spawnChild, waitHealthy, type Child } from '../../lib/processes.ts';
import { buildScaleCorpus } from '../../lib/scale-corpus.ts';
import { searchPath } from '../../lib/servers.ts';

const INDEX = 'growth';

export interface GrowthRow {
  targetChunks: number;
  chunks: number;
  partial: boolean;
  /** This step only: the chunks it added and the seconds they took. */
  stepChunks: number;
  stepSeconds: number;
  stepChunksPerSecond: number;
  /** Meilisearch CPU per second of this step's indexing (cores busy). */
  meiliCores: number;
  /** CPU per chunk of this step, ms: Meilisearch's, and this process's pipeline (chunking, keyword form, hashing). */
  meiliCpuMsPerChunk: number;
  pipelineCpuMsPerChunk: number;
  /** CPU per hybrid search at c=1, ms: the API process and Meilisearch (less bent by other jobs than wall time). */
  apiCpuMsPerSearch: number;
  meiliCpuMsPerSearch: number;
  meiliDiskMiB: number;
  /** Peak RSS (VmHWM, reset at the step's start) over the step's indexing and queries, MiB. */
  apiPeakMiB: number;
  meiliPeakMiB: number;
  /** Meilisearch RSS after the queries: anonymous (its heap) and file-backed (the memory-mapped index). */
  meiliAnonMiB: number;
  meiliFileMiB: number;
  latency: Record<string, Omit<LoadResult, 'samples'>>;
}

/** Starts growth-server.ts on `meili` and waits for /health. */
async function startApi(dataDir: string, meili: { url: string; apiKey?: string }): Promise<Child & { base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawnChild({
    name: 'growth api',
    args: ['--import', 'tsx', 'tools/bench/sections/growth-server.ts'],
    env: {
      DATA_DIR: dataDir,
      MEILI_URL: meili.url,
      MEILI_MASTER_KEY: meili.apiKey ?? '',
      INDEX_NAME: INDEX,
      READINGS: 'off',
      DEMO_CORPUS: 'off',
      EMBED_DOWNLOAD: 'off',
      ADMIN_KEY: '',
      SEARCH_KEY: '',
      RATE_LIMIT_ANON_PER_MINUTE: '0',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    inheritEnv: true,
  });
  await waitHealthy(child, base, { timeoutMs: 120_000 });
  return Object.assign(child, { base });
}

export async function growthSection(quick: boolean, sizesFlag?: number[], maxMinutes?: number) {
  const sizes = sizesFlag ?? (quick ? [1_000, 3_000] : [10_000, 100_000, 300_000]);
  const capMinutes = maxMinutes ?? (quick ? 5 : 25);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kensaku-bench-growth-'));
  const config = jsquadConfig(dataDir, { MEILI_TIMEOUT_MS: '900000', READINGS: 'off' });
  const settings = resolveSettings(config);
  const meili = await connectMeilisearch(settings.meili);
  let api: (Child & { base: string }) | undefined;
  const rows: GrowthRow[] = [];
  try {
    const meiliPid = meili.pid() ?? findMeiliPid(process.pid, dataDir);
    if (!meiliPid) throw new Error('growth: could not find the Meilisearch process');
    const hash = createHashEmbedder();
    const store = await openHashedStore(meili, config, INDEX, hash);
    const apiDir = path.join(dataDir, 'api');
    mkdirSync(apiDir);
    api = await startApi(apiDir, meili);
    log(`growth: building a ${sizes.at(-1)}-chunk corpus`);
    const corpus = buildScaleCorpus(sizes.at(-1)!, config.CHUNK_MAX_CHARS);
    const keywordForm = createKeywordForm(settings.keywordForm);
    const rotation = new QueryRotation(loadQueries(29));
    const deadline = performance.now() + capMinutes * 60_000;
    let at = 0;
    let chunks = 0;
    for (const size of sizes) {
      resetPeakRss(meiliPid);
      resetPeakRss(api.pid);
      const cpu0 = cpuSeconds(meiliPid);
      const self0 = selfCpuSeconds();
      const t0 = performance.now();
      const before = chunks;
      let partial = false;
      while (chunks < size && at < corpus.documents.length) {
        if (performance.now() > deadline) {
          partial = true;
          break;
        }
        // About one chunk per document: calls of at most 10k documents stop near each size.
        const slice = corpus.documents.slice(at, at + Math.max(100, Math.min(10_000, size - chunks)));
        at += slice.length;
        const s = await indexDocuments(slice, {
          store,
          embedder: hash,
          embedderName: hash.modelId,
          maxChars: config.CHUNK_MAX_CHARS,
          keywordForm,
        });
        if (s.failed.length) throw new Error(`growth ${size}: ${JSON.stringify(s.failed.slice(0, 2))}`);
        chunks += s.chunksWritten;
        log(`  ${chunks} chunks, this step ${fmt((performance.now() - t0) / 1000)} s`);
      }
      const stepSeconds = (performance.now() - t0) / 1000;
      const meiliCpu = cpuSeconds(meiliPid) - cpu0;
      const selfCpu = selfCpuSeconds() - self0;
      const latency = await queryLoad(api.base, rotation, quick, [api.pid, meiliPid]);
      const meiliMem = rssPartsMiB(meiliPid);
      const row: GrowthRow = {
        targetChunks: size,
        chunks,
        partial,
        stepChunks: chunks - before,
        stepSeconds: r3(stepSeconds, 1),
        stepChunksPerSecond: r3((chunks - before) / stepSeconds, 1),
        meiliCores: r3(meiliCpu / stepSeconds, 2),
        meiliCpuMsPerChunk: r3((1000 * meiliCpu) / (chunks - before), 2),
        pipelineCpuMsPerChunk: r3((1000 * selfCpu) / (chunks - before), 2),
        apiCpuMsPerSearch: latency.cpuMs[0],
        meiliCpuMsPerSearch: latency.cpuMs[1],
        meiliDiskMiB: r3(dirBytes(path.join(dataDir, 'meili')) / 2 ** 20, 0),
        apiPeakMiB: r3(memoryMiB(api.pid).peakRss, 0),
        meiliPeakMiB: r3(memoryMiB(meiliPid).peakRss, 0),
        meiliAnonMiB: r3(meiliMem.anon, 0),
        meiliFileMiB: r3(meiliMem.file, 0),
        latency: Object.fromEntries(Object.entries(latency.runs).map(([k, v]) => [k, strip(v)])),
      };
      rows.push(row);
      log(
        `  ${chunks}: step ${fmt(row.stepChunksPerSecond)} chunks/s; hybrid c=1 p95 ${fmt(latency.runs['hybrid c=1'].p95)} ms; ` +
          `peak RSS api ${row.apiPeakMiB} MiB, Meilisearch ${row.meiliPeakMiB} MiB`,
      );
      if (partial) break;
    }
  } finally {
    await api?.stop(15_000);
    await meili.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  printGrowth(rows, capMinutes);
  return { capMinutes, rows };
}

/**
 * Keyword and hybrid over HTTP (autocannon), distinct JSQuAD questions, after a short warm-up; with the CPU each of
 * `pids` spent per hybrid search at c=1.
 */
async function queryLoad(base: string, rotation: QueryRotation, quick: boolean, pids: number[]) {
  const n = quick ? 40 : 200;
  const load = (mode: string, c: number, amount: number) =>
    runLoad({ base, path: searchPath(mode), queries: rotation, connections: c, amount, maxSeconds: 120 });
  await load('hybrid', 1, 20);
  const out: Record<string, LoadResult> = {};
  out['keyword c=1'] = await load('keyword', 1, n);
  const cpu0 = pids.map(cpuSeconds);
  out['hybrid c=1'] = await load('hybrid', 1, n);
  const cpuMs = pids.map((pid, i) => r3((1000 * (cpuSeconds(pid) - cpu0[i])) / out['hybrid c=1'].ok, 2));
  out['hybrid c=8'] = await load('hybrid', 8, 2 * n);
  for (const [k, r] of Object.entries(out))
    if (r.non2xx || r.errors) throw new Error(`growth ${k}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { runs: out, cpuMs };
}

function printGrowth(rows: GrowthRow[], capMinutes: number) {
  print(heading('growth on one node (hashed-bigram vectors, NOT the model; no readings), cumulative'));
  const t = [
    [
      'chunks',
      'step chunks/s',
      'CPU ms/chunk Meili+pipeline',
      'disk MiB',
      'keyword p50/p95',
      'hybrid c=1 p50/p95',
      'hybrid c=8 p95, req/s',
      'CPU ms/search API+Meili',
      'API peak MiB',
      'Meili peak MiB (anon+file after)',
    ],
  ];
  for (const r of rows) {
    const l = r.latency;
    t.push([
      `${r.chunks}${r.partial ? ' (partial)' : ''}`,
      fmt(r.stepChunksPerSecond),
      `${fmt(r.meiliCpuMsPerChunk, 2)}+${fmt(r.pipelineCpuMsPerChunk, 2)}`,
      fmt(r.meiliDiskMiB, 0),
      `${fmt(l['keyword c=1'].p50)}/${fmt(l['keyword c=1'].p95)}`,
      `${fmt(l['hybrid c=1'].p50)}/${fmt(l['hybrid c=1'].p95)}`,
      `${fmt(l['hybrid c=8'].p95)}, ${fmt(l['hybrid c=8'].rps)}`,
      `${fmt(r.apiCpuMsPerSearch, 2)}+${fmt(r.meiliCpuMsPerSearch, 2)}`,
      fmt(r.apiPeakMiB, 0),
      `${fmt(r.meiliPeakMiB, 0)} (${fmt(r.meiliAnonMiB, 0)}+${fmt(r.meiliFileMiB, 0)})`,
    ]);
  }
  print(table(t));
  print(
    'step chunks/s: the chunks added since the previous size over the seconds they took (pipeline + Meilisearch, hashed',
  );
  print(
    `vectors, no readings; indexing capped at ${capMinutes} min in all). Latency over HTTP against the API process (kensaku's app with`,
  );
  print(
    'the hashed query embedder: no model time); peak RSS = VmHWM reset at each step, over its indexing and queries.',
  );
  print(
    'CPU per chunk and per search (hybrid, c=1) are CPU seconds, which other jobs on the machine bend less than wall time.',
  );
}
