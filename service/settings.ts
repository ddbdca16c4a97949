import path from 'node:path';
import { availableParallelism } from 'node:os';
import type { Config } from '../config/index.ts';
import type { CreateEmbedderOptions } from '../embeddings/index.ts';
import type { SearchOptions } from '../search/search-settings.ts';
import type { KeywordFormOptions } from '../indexer/keyword-form.ts';
import type { ChunkStoreOptions } from '../store/chunk-store.ts';
import { embedderName } from '../store/ids.ts';
import { stopWordsFor } from '../text/stop-words.ts';
import { PROJECT_ROOT, type EmbedderRoleOptions } from './embedder-setup.ts';
import type { MeiliSettings } from './meili-connection.ts';
import type { BackupSettings } from './backup-files.ts';
import type { SuggestOptions } from '../search/suggest/suggester.ts';

/**
 * Every part's options, typed and resolved from the validated environment (config/index.ts): one sub-object per
 * consumer, each passed whole to its factory, which sets nothing of its own on top.
 */
export interface Settings {
  /** connectMeilisearch. */
  meili: MeiliSettings;
  /** The chunk store, the task store and the lease (openCore). */
  store: StoreSettings;
  /** The embedders of each role (openCore, loadEmbedder). */
  embedders: EmbedderSettings;
  /** searchSettings. */
  search: SearchOptions;
  /** The HTTP server and app (buildApp, `kensaku serve`). */
  http: HttpSettings;
  /** The chunker, in the indexing handlers and `kensaku index --dry-run`. */
  chunking: { maxChars: number };
  /** What the keyword leg indexes of each chunk (createKeywordForm): the indexing handlers. */
  keywordForm: KeywordFormOptions;
  /** The durable task queue (createCoreQueue) and the server's indexing embedder's idle close. */
  tasks: TaskSettings;
  /** Where POST /backups and scheduled backups write, how often, how many kept (service/backup-files.ts). */
  backups: BackupSettings;
  /** Search analytics (service/analytics.ts). */
  analytics: AnalyticsSettings;
  /** GET /suggest's dictionaries and query suggestions (search/suggest/suggester.ts). */
  suggest: SuggestOptions;
  /** `kensaku serve` indexes corpus/ on a first start with an empty index. */
  demoCorpus: boolean;
  logLevel: Config['LOG_LEVEL'];
}

export type StoreSettings = Pick<ChunkStoreOptions, 'indexName' | 'locale' | 'stopWords' | 'timeoutMs'> & {
  /** Waiting for Meilisearch to finish a write or settings change: the chunk store, the task store, the lease. */
  taskTimeoutMs: number;
};

export interface EmbedderSettings {
  /** The Meilisearch embedder name of the configured model, known even when the model does not load. */
  name: string;
  /** The server's query embedder (on a worker thread unless EMBED_WORKER=off; no passage disk cache). */
  query: EmbedderRoleOptions;
  /** A command's only embedder, for indexing and queries, with the machine to itself: every core by default. */
  index: EmbedderRoleOptions;
  /** The server's indexing embedder, beside live searches: one core by default; loaded only while there is indexing. */
  backgroundIndex: EmbedderRoleOptions;
  /**
   * How many texts the server's indexing embedder is announced to embed at once before it loads (its lazy stand-in's
   * parallelism, which sets how many documents the indexer keeps in flight): EMBED_INDEX_WORKERS, default 1, whatever
   * the provider and EMBED_WORKER.
   */
  backgroundIndexParallelism: number;
  /**
   * The server indexes on its query model's session (one model in memory; queries run first) instead of loading
   * `backgroundIndex`: a local model on a worker with EMBED_INDEX_WORKERS and EMBED_INDEX_THREADS unset.
   */
  indexOnQuerySession: boolean;
}

export interface HttpSettings {
  host: string;
  port: number;
  /** Bearer keys (api/auth.ts): admin may do everything, search only searches and reads a document. */
  adminKey?: string;
  searchKey?: string;
  /** Origins allowed to call /search (scoped keys add their own). */
  corsOrigins: string[];
  /** Search requests per minute: per key (and SEARCH_KEY), and per client address without keys; 0: unlimited. */
  rateLimit: { perMinute: number; anonymousPerMinute: number };
  /** Largest request body. */
  bodyLimitBytes: number;
  /** On SIGTERM/SIGINT: how long in-flight requests and the running task's current page get. */
  shutdownTimeoutMs: number;
}

export interface AnalyticsSettings {
  /** ANALYTICS=off: no queryIds, no records, no index. */
  enabled: boolean;
  /** How often each process writes its counts: what a crash loses at most. */
  flushMs: number;
  retentionDays: number;
}

export interface TaskSettings {
  /** A queue holder silent this long while tasks wait is replaced. */
  leaseMs: number;
  /** How often an idle process looks for tasks another process enqueued. */
  pollMs: number;
  /** How often the holder renews its lease. */
  heartbeatMs: number;
  /** The server's indexing embedder is closed after this long unused; 0 keeps it. */
  indexEmbedderIdleMs: number;
  /** Documents a reshard moves per step: each step is a checkpoint, what a crash makes the next run redo. */
  reshardBatch: number;
}

/** The one mapping from environment settings to options. Defaults are the schema's; the rest are derived here. */
export function resolveSettings(config: Config): Settings {
  return {
    meili: config.MEILI_SHARDS.length
      ? {
          mode: 'sharded',
          shards: config.MEILI_SHARDS.map((n) => ({ ...n, apiKey: n.apiKey ?? config.MEILI_MASTER_KEY })),
        }
      : config.MEILI_URL
        ? { mode: 'external', url: config.MEILI_URL, apiKey: config.MEILI_MASTER_KEY }
        : {
            mode: 'embedded',
            binary: config.MEILI_BIN,
            dataDir: config.dataDir,
            startTimeoutMs: config.MEILI_TIMEOUT_MS,
            // Half the cores index, the rest embed and search (bench: on 2 cores the wait for the last write fell
            // 9.0 s -> 2.7 s).
            indexingThreads: config.MEILI_INDEXING_THREADS ?? Math.max(1, Math.floor(availableParallelism() / 2)),
            maxIndexingMemory: config.MEILI_MAX_INDEXING_MEMORY,
          },
    store: {
      indexName: config.INDEX_NAME,
      locale: config.INDEX_LOCALE,
      stopWords: stopWordsFor(config.STOP_WORDS),
      timeoutMs: config.MEILI_TIMEOUT_MS,
      taskTimeoutMs: config.MEILI_TASK_TIMEOUT_MS,
    },
    embedders: embedderSettings(config),
    search: {
      window: config.SEARCH_WINDOW,
      locale: config.INDEX_LOCALE,
      fusion: config.FUSION,
      rerank: { name: config.RERANK, depth: config.RERANK_DEPTH, weight: config.RERANK_WEIGHT },
      floor: config.SEARCH_FLOOR,
      lexicon: config.LEXICON,
      stopWords: stopWordsFor(config.STOP_WORDS),
      fold: config.FOLD,
      readings: config.READINGS,
      defaultSynonyms: config.SYNONYMS_DEFAULT,
      cacheMb: config.SEARCH_CACHE_MB,
    },
    http: {
      host: config.HOST,
      port: config.PORT,
      adminKey: config.ADMIN_KEY,
      searchKey: config.SEARCH_KEY,
      corsOrigins: config.CORS_ORIGINS,
      rateLimit: { perMinute: config.RATE_LIMIT_PER_MINUTE, anonymousPerMinute: config.RATE_LIMIT_ANON_PER_MINUTE },
      bodyLimitBytes: Math.round(config.BODY_LIMIT_MB * 1024 * 1024),
      shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    },
    chunking: { maxChars: config.CHUNK_MAX_CHARS },
    keywordForm: { fold: config.FOLD, readings: config.READINGS },
    tasks: {
      leaseMs: config.TASK_LEASE_MS,
      pollMs: config.TASK_POLL_MS,
      // A few beats fit in the lease's silence limit, so one slow write does not hand the queue over.
      heartbeatMs: Math.max(250, Math.floor(config.TASK_LEASE_MS / 5)),
      indexEmbedderIdleMs: config.EMBED_INDEX_IDLE_MS,
      reshardBatch: config.RESHARD_BATCH,
    },
    backups: {
      dir: path.resolve(config.dataDir, config.BACKUP_DIR ?? 'backups'),
      intervalMs: config.BACKUP_INTERVAL,
      keep: config.BACKUP_KEEP,
    },
    analytics: {
      enabled: config.ANALYTICS,
      flushMs: config.ANALYTICS_FLUSH_MS,
      retentionDays: config.ANALYTICS_RETENTION_DAYS,
    },
    suggest: {
      maxChunks: config.SUGGEST_MAX_CHUNKS,
      termChunks: config.SUGGEST_TERM_CHUNKS,
      minSearches: config.SUGGEST_MIN_SEARCHES,
    },
    demoCorpus: config.DEMO_CORPUS,
    logLevel: config.LOG_LEVEL,
  };
}

/**
 * - `query`: one session of EMBED_THREADS threads (EMBED_SPIN) on a worker thread, in process with EMBED_WORKER=off.
 * - `index`, `backgroundIndex`: EMBED_INDEX_WORKERS workers (every core for a command, one in the server) of
 *   EMBED_INDEX_THREADS threads (1); with EMBED_WORKER=off, the same cores as threads of one in-process session.
 *   Indexing always shares the cores with Meilisearch indexing its writes: spinning threads would fight it.
 */
function embedderSettings(config: Config): EmbedderSettings {
  const model = config.EMBED_PROVIDER === 'openai' ? (config.OPENAI_EMBED_MODEL ?? 'openai') : config.EMBED_MODEL;
  const name = embedderName(model.split('/').pop()!);
  const backgroundIndexParallelism = config.EMBED_INDEX_WORKERS ?? 1;
  const cache = { dataDir: config.dataDir, queryLruSize: config.EMBED_QUERY_CACHE };

  if (config.EMBED_PROVIDER === 'openai') {
    const { OPENAI_BASE_URL: baseUrl, OPENAI_EMBED_MODEL: openaiModel } = config;
    if (!baseUrl || !openaiModel) {
      const invalid = {
        provider: 'openai',
        invalid: 'EMBED_PROVIDER=openai needs OPENAI_BASE_URL and OPENAI_EMBED_MODEL',
      } as const;
      return {
        name,
        query: invalid,
        index: invalid,
        backgroundIndex: invalid,
        backgroundIndexParallelism,
        indexOnQuerySession: false,
      };
    }
    const openai = {
      ...cache,
      provider: 'openai',
      baseUrl,
      apiKey: config.OPENAI_API_KEY,
      model: openaiModel,
      dimensions: config.OPENAI_DIMENSIONS,
      timeoutMs: config.OPENAI_TIMEOUT_MS,
      retries: config.OPENAI_RETRIES,
    } as const;
    return {
      name,
      query: { ...openai, diskCache: false },
      index: { ...openai, diskCache: true },
      backgroundIndex: { ...openai, diskCache: true },
      backgroundIndexParallelism,
      indexOnQuerySession: false,
    };
  }

  const local = {
    ...cache,
    provider: 'local',
    model: config.EMBED_MODEL,
    modelDir: config.EMBED_MODEL_DIR,
    projectRoot: PROJECT_ROOT,
    download: config.EMBED_DOWNLOAD,
    dtype: config.EMBED_DTYPE,
    batchSize: config.EMBED_BATCH_SIZE,
  } as const;
  const indexOnQuerySession =
    config.EMBED_WORKER && config.EMBED_INDEX_WORKERS === undefined && config.EMBED_INDEX_THREADS === undefined;
  const indexing = (cores: number): CreateEmbedderOptions =>
    config.EMBED_WORKER
      ? {
          ...local,
          worker: true,
          workers: cores,
          threads: config.EMBED_INDEX_THREADS ?? 1,
          spin: false,
          diskCache: true,
        }
      : { ...local, worker: false, threads: config.EMBED_INDEX_THREADS ?? cores, spin: false, diskCache: true };
  return {
    name,
    // On a worker thread the event loop keeps serving while a query embeds (in process, ONNX Runtime's run blocks it
    // for the whole inference): bench, c=8, hybrid p50 1.25× → 1.03× the peer's (which embeds the same way).
    query: {
      ...local,
      worker: config.EMBED_WORKER,
      threads: config.EMBED_THREADS,
      spin: config.EMBED_SPIN,
      diskCache: false,
      // Only a session that also indexes has passages to pause. Someone searching (a query, its refinements) sends
      // the next within about a second; past that, indexing runs at full speed.
      ...(indexOnQuerySession && { indexYield: { ratio: config.EMBED_INDEX_YIELD, windowMs: 1000 } }),
    },
    index: indexing(config.EMBED_INDEX_WORKERS ?? availableParallelism()),
    backgroundIndex: indexing(backgroundIndexParallelism),
    backgroundIndexParallelism,
    indexOnQuerySession,
  };
}
