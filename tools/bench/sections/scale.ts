// scale: indexing time and query latency at ~1k/10k/100k chunks built from the shared texts. Vectors come from the
// hashed-bigram embedder: the model would need about half an hour for 100k chunks on 2 cores, per size and run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../../../server/build-app.ts';
import { createLogger } from '../../../service/logger.ts';
import { connectMeilisearch } from '../../../service/meili-connection.ts';
import type { Core } from '../../../service/open-core.ts';
import { resolveSettings } from '../../../service/settings.ts';
import { indexDocuments } from '../../../indexer/pipeline/index-documents.ts';
import { createKeywordForm } from '../../../indexer/keyword-form.ts';
import { jsquadConfig } from '../../lib/jsquad-config.ts';
import { fmt, heading, percentile, round as r3, table } from '../../lib/format.ts';
import { createHashEmbedder } from '../../lib/hash-embedder.ts';
import { openHashedStore } from '../../lib/hashed-store.ts';
import { loadQueries } from '../../lib/jsquad.ts';
import { QueryRotation } from '../../lib/load.ts';
import { log, print } from '../../lib/log.ts';
import { cpuSeconds, dirBytes, findMeiliPid } from '../../lib/proc.ts';
import { dropAll } from '../../lib/drop-all.ts';
import { buildScaleCorpus } from '../../lib/scale-corpus.ts';

/** Sequential in-process requests per mode, bounded by `perMode` and 2 minutes. */
export async function queryLatency(core: Core, rotation: QueryRotation, perMode: number, size: number) {
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
    latency[mode] = {
      n: ms.length,
      p50: r3(percentile(ms, 50), 2),
      p95: r3(percentile(ms, 95), 2),
      p99: r3(percentile(ms, 99), 2),
    };
  }
  return latency;
}

export async function scaleSection(quick: boolean, sizesFlag?: number[]) {
  const sizes = sizesFlag ?? (quick ? [1_000, 10_000] : [1_000, 10_000, 100_000]);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kensaku-bench-scale-'));
  const config = jsquadConfig(dataDir, { MEILI_TIMEOUT_MS: '900000' });
  const settings = resolveSettings(config);
  const meili = await connectMeilisearch(settings.meili);
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
      const store = await openHashedStore(meili, config, indexName, hash);
      log(
        `scale: indexing ${corpus.documents.length} documents = ${corpus.chunks} chunks into ${indexName} (hashed-bigram vectors)`,
      );
      const size0 = dirBytes(path.join(dataDir, 'meili'));
      const cpu0 = meiliPid ? cpuSeconds(meiliPid) : NaN;
      const start = performance.now();
      const deadline = start + maxIndexMinutes * 60_000;
      const callDocs = 10_000;
      const keywordForm = createKeywordForm(resolveSettings(config).keywordForm);
      let chunks = 0;
      let partial = false;
      for (let at = 0; at < corpus.documents.length; at += callDocs) {
        if (performance.now() > deadline) {
          partial = true;
          break;
        }
        const s = await indexDocuments(corpus.documents.slice(at, at + callDocs), {
          store,
          embedder: hash,
          embedderName: hash.modelId,
          maxChars: config.CHUNK_MAX_CHARS,
          keywordForm,
        });
        if (s.failed.length) throw new Error(`scale ${size}: ${JSON.stringify(s.failed.slice(0, 2))}`);
        chunks += s.chunksWritten;
        log(`  ${chunks} chunks indexed, ${fmt((performance.now() - start) / 1000)} s`);
      }
      const indexSeconds = (performance.now() - start) / 1000;
      const meiliCpu = meiliPid ? cpuSeconds(meiliPid) - cpu0 : NaN;
      const diskMiB = (dirBytes(path.join(dataDir, 'meili')) - size0) / 2 ** 20;

      // Queries through the real app (routes, validation, fusion, JSON), in process: no model, hash query vectors.
      const semantic = { embedder: hash, available: true, embedderName: hash.modelId };
      const core = {
        settings: { ...settings, store: { ...settings.store, indexName } },
        logger: createLogger('silent'),
        meili,
        store,
        embedder: hash,
        indexEmbedder: hash,
        semantic,
        close: async () => {},
      } as unknown as Core;
      const latency = await queryLatency(core, rotation, perMode, size);
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
      log(
        `  ${size}: ${fmt(indexSeconds)} s, ${fmt(row.chunksPerSecond)} chunks/s; hybrid p50 ${latency.hybrid.p50} ms p95 ${latency.hybrid.p95} ms`,
      );
      await dropAll(store);
    }
  } finally {
    await meili.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  printScale(results, perMode);
  return results;
}

function printScale(results: Record<string, unknown>[], perMode: number) {
  print(heading('how cost grows with size (vectors: hashed character bigrams, NOT the model)'));
  const t = [
    [
      'chunks',
      'index s',
      'chunks/s',
      'Meili cores',
      'disk MiB',
      'keyword p50/p95',
      'semantic p50/p95',
      'hybrid p50/p95',
    ],
  ];
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
  print(
    'Vectors come from a deterministic hashed-bigram embedder (384 dims) because the real model would need about half an hour',
  );
  print(
    'for 100k chunks on 2 cores: index times here are the pipeline + Meilisearch only (add ~1/85 s per chunk of model time',
  );
  print('with the indexing worker pool on an idle machine).');
  print(
    `Latency: in-process app.request (routes, validation, fusion, JSON; no socket, no model), sequential, ${perMode} distinct queries per mode.`,
  );
}
