import { mkdtempSync, rmSync } from 'node:fs';
import { Meilisearch, type MultiSearchQuery } from 'meilisearch';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { orderHits, rerankText, type Ranked } from '../api/search/order.ts';
import type { BigramRerank } from '../api/rerank/index.ts';
import type { FusionFunction } from '../api/fusion/index.ts';
import { loadConfig, type Config } from '../config/index.ts';
import { diskCacheKey, openDiskCache, type DiskCache } from '../embeddings/disk-cache.ts';
import type { Embedder } from '../embeddings/types.ts';
import { chunkDocument, embeddingText } from '../indexer/chunker.ts';
import { indexDocuments } from '../indexer/pipeline/index-documents.ts';
import type { Chunk } from '../indexer/types.ts';
import { createLogger } from '../service/logger.ts';
import { openCore, type Core } from '../service/open-core.ts';
import { createChunkStore, type ChunkStore } from '../store/chunk-store.ts';
import { findMeiliBinary } from '../store/meili-binary.ts';
import { startMeilisearch, type MeiliProcess } from '../store/meili-process.ts';
import { createSearchLegs, type LegHit, type LegResults, type SearchLegs } from '../store/search-legs.ts';
import type { StoredChunk } from '../store/types.ts';
import { chunkGrade, ROOT, type EvalQuery, type EvalSet } from './datasets.ts';
import { firstRank, meanMetrics, metricsFor, type Metrics } from './metrics.ts';
import { mapPool } from './pool.ts';

export const DEFAULT_MODEL_DIR = path.resolve(ROOT, '..', 'shared', 'models', 'multilingual-e5-small');
/** Gitignored: passage vectors (the product's disk cache) and query vectors survive between runs. */
export const DEFAULT_CACHE_DIR = path.join(ROOT, 'eval', '.cache');
/** Queries in flight; the batching client below merges them into few multi-search requests. */
const CONCURRENCY = 64;
const MAX_BATCH = 32;

export interface EvalEnvOptions {
  /** Environment passed through to loadConfig (MEILI_URL, EMBED_*, …); eval's own keys override it. */
  env?: Record<string, string | undefined>;
  /** Overrides on top, e.g. CHUNK_MAX_CHARS, STOP_WORDS, SEARCH_WINDOW, FUSION. */
  overrides?: Record<string, string>;
  /** DATA_DIR of the core: holds the embedding disk cache (never Meilisearch data). */
  cacheDir?: string;
  logLevel?: string;
}

export interface EvalEnv {
  core: Core;
  config: Config;
  meiliVersion: string;
  meiliMode: 'own' | 'external';
  /** Query vectors of this run, by text (also persisted under cacheDir/query-cache). */
  queryVectors: Map<string, number[]>;
  /** Extra stores made by variants, dropped on close. */
  stores: ChunkStore[];
  close(): Promise<void>;
}

/**
 * One Meilisearch (MEILI_URL if given, else a fresh one in a temp dir, always stopped) and one core with a fresh
 * index. DATA_DIR points at the cache dir so passage vectors are reused across runs; Meilisearch data never is.
 */
export async function openEvalEnv(options: EvalEnvOptions = {}): Promise<EvalEnv> {
  const env = options.env ?? {};
  const cacheDir = options.cacheDir ?? DEFAULT_CACHE_DIR;
  let proc: MeiliProcess | null = null;
  let meiliTmp: string | null = null;
  let url = env.MEILI_URL;
  let key = env.MEILI_MASTER_KEY;
  let meiliVersion = '';
  if (!url) {
    meiliTmp = mkdtempSync(path.join(tmpdir(), 'kensaku-eval-meili-'));
    const binary = await findMeiliBinary({ explicit: env.MEILI_BIN, dataDir: cacheDir });
    proc = await startMeilisearch({ binary: binary.path, dataDir: meiliTmp });
    url = proc.url;
    key = proc.masterKey;
    meiliVersion = binary.version;
  }
  const stopMeili = async () => {
    await proc?.stop();
    if (meiliTmp) rmSync(meiliTmp, { recursive: true, force: true });
  };
  try {
    const config = loadConfig({
      ...env,
      EMBED_MODEL_DIR: env.EMBED_MODEL_DIR ?? DEFAULT_MODEL_DIR,
      EMBED_DOWNLOAD: env.EMBED_DOWNLOAD ?? 'off',
      DEMO_CORPUS: 'off',
      LOG_LEVEL: options.logLevel ?? 'warn',
      ...options.overrides,
      MEILI_URL: url,
      MEILI_MASTER_KEY: key,
      DATA_DIR: cacheDir,
      INDEX_NAME: `eval_${Date.now().toString(36)}_${process.pid}`,
    });
    const core = await openCore({ config, logger: createLogger(config.LOG_LEVEL, 2), separateIndexer: false });
    if (!core.semantic.available || !core.embedder) {
      await core.store.dropAll();
      await core.close();
      throw new Error(`semantic leg unavailable, nothing to compare: ${core.semantic.reason}`);
    }
    const stores: ChunkStore[] = [];
    return {
      core,
      config,
      meiliVersion: meiliVersion || core.meili.version,
      meiliMode: proc ? 'own' : 'external',
      queryVectors: new Map(),
      stores,
      async close() {
        for (const s of [core.store, ...stores]) await s.dropAll();
        await core.close();
        await stopMeili();
      },
    };
  } catch (e) {
    await stopMeili();
    throw e;
  }
}

/** How a set is indexed. The default variant is the product's own path (core.store, config values). */
export interface IndexVariant {
  label: string;
  maxChars: number;
  stopWords: string[];
  /** false: keyword-only index (for stop-word variants; semantic legs then come from another index). */
  vectors: boolean;
  /** Replaces what is embedded for a chunk (default: indexer/embedding-text.ts). */
  embedText?: (chunk: Chunk) => string;
  /** Use the core's own store (settings from config) instead of a new index. */
  useCoreStore?: boolean;
}

export interface ChunkInfo {
  id: string;
  documentId: string;
  text: string;
  /** What the hybrid reranker reads (title, headings, NFKC text), as the API gets it from the page fetch. */
  rerankText: string;
}

export interface BuiltIndex {
  variant: IndexVariant;
  store: ChunkStore;
  chunks: ChunkInfo[];
  indexMs: number;
}

let storeCounter = 0;

/** Indexes the set's documents through the real pipeline (chunker → embedder → indexDocuments → Meilisearch). */
export async function buildIndex(env: EvalEnv, set: EvalSet, variant: IndexVariant): Promise<BuiltIndex> {
  const started = performance.now();
  const { core } = env;
  let store = core.store;
  if (!variant.useCoreStore) {
    store = createChunkStore({
      ...core.store.options,
      indexName: `${core.config.INDEX_NAME}_v${storeCounter++}`,
      stopWords: variant.stopWords,
      embedder: variant.vectors ? core.store.options.embedder : null,
    });
    env.stores.push(store);
    await store.ensureIndexes();
  }
  const embedder = variant.vectors ? substituting(core.indexEmbedder!, set, variant) : null;
  const summary = await indexDocuments(set.documents, {
    store,
    embedder,
    embedderName: variant.vectors ? core.semantic.embedderName : null,
    maxChars: variant.maxChars,
  });
  if (summary.failed.length) throw new Error(`indexing failed for ${summary.failed.length} documents, e.g. ${summary.failed[0].documentId}: ${summary.failed[0].message}`);
  const chunks: ChunkInfo[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await store.getChunks(undefined, 1000, offset);
    chunks.push(...page.map((c) => ({ id: c.id, documentId: c.documentId, text: c.originalText ?? c.text, rerankText: rerankText(c) })));
    if (page.length < 1000) break;
  }
  return { variant, store, chunks, indexMs: performance.now() - started };
}

/** An embedder that embeds the variant's text in place of the default embedding text (same chunks, same pipeline). */
function substituting(inner: Embedder, set: EvalSet, variant: IndexVariant): Embedder {
  if (!variant.embedText) return inner;
  const swap = new Map<string, string>();
  for (const doc of set.documents) for (const c of chunkDocument(doc, { maxChars: variant.maxChars })) swap.set(embeddingText(c), variant.embedText(c));
  return {
    modelId: inner.modelId,
    dimensions: inner.dimensions,
    fingerprint: inner.fingerprint,
    embedPassages: (texts) => inner.embedPassages(texts.map((t) => swap.get(t) ?? t)),
    embedQuery: (t) => inner.embedQuery(t),
    close: async () => {}, // the core owns the real embedder
  };
}

/**
 * Query vectors through the product's query embedder (`query: ` prefix, LRU), remembered for the run and on disk.
 * The disk copy is checked against a fresh embedding of a few queries, so a changed model or prefix never reuses it.
 */
export async function embedQueries(env: EvalEnv, queries: EvalQuery[], cacheDir: string | null, onProgress?: (done: number, total: number) => void): Promise<{ ms: number; embedded: number }> {
  const started = performance.now();
  const embedder = env.core.embedder!;
  const texts = [...new Set(queries.map((q) => q.query))].filter((t) => !env.queryVectors.has(t));
  let disk: DiskCache | undefined;
  if (cacheDir) {
    disk = await openDiskCache({ dir: path.join(cacheDir, 'query-cache'), fingerprint: embedder.fingerprint, dimensions: embedder.dimensions });
    if (!(await diskCacheAgrees(disk, embedder, texts.slice(0, 3)))) {
      await disk.close();
      rmSync(disk.file, { force: true });
      disk = await openDiskCache({ dir: path.join(cacheDir, 'query-cache'), fingerprint: embedder.fingerprint, dimensions: embedder.dimensions });
    }
  }
  let embedded = 0;
  try {
    for (const [i, text] of texts.entries()) {
      const key = diskCacheKey('query', text);
      const hit = disk?.get(key);
      if (hit) env.queryVectors.set(text, Array.from(hit));
      else {
        const v = await embedder.embedQuery(text);
        env.queryVectors.set(text, v);
        await disk?.putMany([[key, v]]);
        embedded++;
      }
      if (onProgress && (i + 1) % 250 === 0) onProgress(i + 1, texts.length);
    }
  } finally {
    await disk?.close();
  }
  return { ms: performance.now() - started, embedded };
}

async function diskCacheAgrees(disk: DiskCache, embedder: Embedder, probe: string[]): Promise<boolean> {
  for (const text of probe) {
    const hit = disk.get(diskCacheKey('query', text));
    if (!hit) continue;
    const fresh = await embedder.embedQuery(text);
    let dot = 0;
    for (let i = 0; i < fresh.length; i++) dot += fresh[i] * hit[i];
    if (dot < 0.999) return false;
  }
  return true;
}

const legsCache = new WeakMap<ChunkStore, SearchLegs>();
function legsFor(_env: EvalEnv, store: ChunkStore): SearchLegs {
  let legs = legsCache.get(store);
  if (!legs) legsCache.set(store, (legs = batchedLegs(store)));
  return legs;
}

/** Legs slimmed to what fusion and judging need (ids and scores), so thousands of queries fit in memory. */
function slim(h: { chunk: Pick<StoredChunk, 'id' | 'documentId'>; score: number }): LegHit {
  // Judging and fusion read ids only; the rerank reads the index's texts (ChunkInfo), as the API reads the hits'.
  return { chunk: { id: h.chunk.id, documentId: h.chunk.documentId } as StoredChunk, score: h.score };
}

export interface LegOptions {
  window: number;
  keyword?: boolean;
  semantic?: boolean;
  /** Rewrites the query text sent to Meilisearch (the vector stays that of the original query). */
  rewrite?: (q: string) => string;
}

/** Both legs for every query, exactly as runSearch asks for them (one multi-search per query). */
export async function collectLegs(env: EvalEnv, store: ChunkStore, queries: EvalQuery[], options: LegOptions): Promise<LegResults[]> {
  return mapPool(queries, CONCURRENCY, async (q) => {
    const legs = await legsFor(env, store).run({
      q: (options.rewrite ?? ((x: string) => x))(q.query.trim()),
      vector: env.queryVectors.get(q.query),
      window: options.window,
      locale: env.config.INDEX_LOCALE,
      runKeyword: options.keyword !== false,
      runSemantic: options.semantic !== false,
    });
    return {
      keyword: legs.keyword ? { ...legs.keyword, hits: legs.keyword.hits.map(slim) } : null,
      semantic: legs.semantic ? { ...legs.semantic, hits: legs.semantic.hits.map(slim) } : null,
      ms: legs.ms,
    };
  });
}

/** Meilisearch's own hybrid for every query at one semanticRatio, same vectors and window. */
export async function collectNative(env: EvalEnv, store: ChunkStore, queries: EvalQuery[], window: number, ratio: number): Promise<LegHit[][]> {
  return mapPool(queries, CONCURRENCY, async (q) => {
    const hits = await legsFor(env, store).nativeHybrid(
      { q: q.query.trim(), vector: env.queryVectors.get(q.query), window, locale: env.config.INDEX_LOCALE, runKeyword: true, runSemantic: true },
      ratio,
    );
    return hits.map(slim);
  });
}

/** Per query: the grade of each item id, and every relevant item's grade (for the ideal ranking). */
export interface Judged {
  grades: Map<string, number>;
  ideal: number[];
}

/** Document sets judge document ids; contains sets judge every chunk of the index by its text. */
export function judge(set: EvalSet, chunks: ChunkInfo[]): { judged: Judged[]; unmatched: string[] } {
  const unmatched: string[] = [];
  const judged = set.queries.map((q) => {
    const grades = new Map<string, number>();
    if (set.level === 'document') {
      for (const j of q.judgments) if ('documentId' in j) grades.set(j.documentId, Math.max(grades.get(j.documentId) ?? 0, j.grade));
    } else {
      for (const c of chunks) {
        const g = chunkGrade(q, c.text);
        if (g > 0) grades.set(c.id, g);
      }
      for (const j of q.judgments) if ('contains' in j && !chunks.some((c) => chunkGrade({ ...q, judgments: [j] }, c.text) > 0)) unmatched.push(`${q.id}: ${j.contains}`);
    }
    return { grades, ideal: [...grades.values()] };
  });
  return { judged, unmatched };
}

export type Mode = 'keyword' | 'semantic' | 'hybrid';

/** The hybrid reranker with the index's chunk texts (what runSearch fetches with the page). */
export interface EvalRerank {
  reranker: BigramRerank;
  query: string;
  textOf: (id: string) => string | undefined;
}

/** Chunk id → rerank text, for EvalRerank.textOf. */
export function rerankTexts(chunks: ChunkInfo[]): (id: string) => string | undefined {
  const byId = new Map(chunks.map((c) => [c.id, c.rerankText]));
  return (id) => byId.get(id);
}

/** The ids runSearch would return for one query: fused (and reranked) or single leg, best chunk per document for document sets. */
export function rankIds(legs: LegResults, level: EvalSet['level'], mode: Mode, fusion: FusionFunction, weight: number, rerank?: EvalRerank): string[] {
  const input = mode === 'keyword' ? { ...legs, semantic: null } : mode === 'semantic' ? { ...legs, keyword: null } : legs;
  const ranked = orderHits(input, { mode, fusion, weight, groupBy: level === 'document' ? 'document' : undefined, rerank });
  return idsOf(ranked.map((r) => r.hit), level, false);
}

/** Ids of hits in order; `group` keeps the first chunk of each document (for lists not grouped yet). */
export function idsOf(hits: Pick<Ranked['hit'], 'chunk'>[], level: EvalSet['level'], group = true): string[] {
  if (level === 'chunk') return hits.map((h) => h.chunk.id);
  const ids = hits.map((h) => h.chunk.documentId);
  return group ? [...new Set(ids)] : ids;
}

export interface Scored {
  mean: Metrics;
  perQuery: Metrics[];
}

export function score(judged: Judged[], rankings: string[][]): Scored {
  const perQuery = rankings.map((ids, i) => metricsFor(ids.map((id) => judged[i].grades.get(id) ?? 0), judged[i].ideal));
  return { mean: meanMetrics(perQuery), perQuery };
}

/** 1-based rank of the first item with at least minGrade, per query. */
export function firstRanks(judged: Judged[], rankings: string[][], minGrade: number): (number | null)[] {
  return rankings.map((ids, i) => firstRank(ids.map((id) => judged[i].grades.get(id) ?? 0), minGrade));
}

/**
 * The product's own legs (same query parameters as the API), over a client that merges concurrent multi-search
 * calls into one request of up to MAX_BATCH calls and drops highlighting, cropping and stored text (see lean). Same ids
 * and scores as store.legs.run (runStandard checks this on every run) at ~4 ms instead of ~25 ms a query here.
 */
export function batchedLegs(store: ChunkStore): SearchLegs {
  const real = new Meilisearch({ host: store.options.url, apiKey: store.options.apiKey, timeout: store.options.timeoutMs * 4 });
  type Call = { queries: MultiSearchQuery[]; resolve: (r: { results: unknown[] }) => void; reject: (e: unknown) => void };
  let pending: Call[] = [];
  const flush = () => {
    const calls = pending;
    pending = [];
    for (let i = 0; i < calls.length; i += MAX_BATCH) {
      const batch = calls.slice(i, i + MAX_BATCH);
      real.multiSearch({ queries: batch.flatMap((c) => c.queries.map(lean)) }).then(
        ({ results }) => {
          let at = 0;
          for (const c of batch) {
            c.resolve({ results: results.slice(at, at + c.queries.length) });
            at += c.queries.length;
          }
        },
        (e) => batch.forEach((c) => c.reject(e)),
      );
    }
  };
  const client = {
    multiSearch(body: { queries: MultiSearchQuery[] }) {
      return new Promise((resolve, reject) => {
        if (pending.length === 0) setImmediate(flush);
        pending.push({ queries: body.queries, resolve, reject });
      });
    },
  } as unknown as Meilisearch;
  return createSearchLegs({ client, indexName: store.options.indexName, locale: store.options.locale, embedder: store.options.embedder });
}

/** Only what ranking needs: highlighting, cropping and the text do not change the order or the scores. */
function lean(q: MultiSearchQuery): MultiSearchQuery {
  const { attributesToHighlight: _h, attributesToCrop: _c, cropLength: _l, highlightPreTag: _p, highlightPostTag: _t, ...rest } = q;
  return { ...rest, attributesToRetrieve: ['id', 'documentId'] };
}
