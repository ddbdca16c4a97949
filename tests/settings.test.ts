import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.ts';
import { PROJECT_ROOT } from '../service/embedder-setup.ts';
import { resolveSettings } from '../service/settings.ts';
import { JAPANESE_STOP_WORDS } from '../text/stop-words.ts';

// The mapping from environment to options, pinned without Meilisearch or a model.
const settingsOf = (env: Record<string, string> = {}) =>
  resolveSettings(loadConfig({ DATA_DIR: '/srv/kensaku', ...env }));
const cores = availableParallelism();

const localModel = {
  provider: 'local',
  model: 'multilingual-e5-small',
  modelDir: undefined,
  projectRoot: PROJECT_ROOT,
  dataDir: '/srv/kensaku',
  download: true,
  dtype: 'q8',
  batchSize: 1,
  queryLruSize: 1000,
};

describe('resolveSettings', () => {
  it('reads BACKUP_INTERVAL as minutes or with a unit, BACKUP_DIR against DATA_DIR, and refuses other durations', () => {
    expect(settingsOf({ BACKUP_INTERVAL: '30' }).backups.intervalMs).toBe(30 * 60_000);
    expect(settingsOf({ BACKUP_INTERVAL: '90s' }).backups.intervalMs).toBe(90_000);
    expect(settingsOf({ BACKUP_INTERVAL: '6h', BACKUP_KEEP: '3' }).backups).toMatchObject({
      intervalMs: 6 * 3_600_000,
      keep: 3,
    });
    expect(settingsOf({ BACKUP_DIR: 'snapshots' }).backups.dir).toBe('/srv/kensaku/snapshots');
    expect(settingsOf({ BACKUP_DIR: '/mnt/backups' }).backups.dir).toBe('/mnt/backups');
    expect(() => settingsOf({ BACKUP_INTERVAL: 'weekly' })).toThrow(/BACKUP_INTERVAL: a duration/);
  });

  it('maps the defaults: an embedded Meilisearch, the local model on worker threads, every part its options', () => {
    expect(settingsOf()).toEqual({
      meili: {
        mode: 'embedded',
        binary: undefined,
        dataDir: '/srv/kensaku',
        startTimeoutMs: 30_000,
        indexingThreads: Math.max(1, Math.floor(cores / 2)),
        maxIndexingMemory: '1GiB',
      },
      store: {
        indexName: 'chunks',
        locale: 'jpn',
        stopWords: [...JAPANESE_STOP_WORDS],
        timeoutMs: 30_000,
        taskTimeoutMs: 300_000,
      },
      embedders: {
        name: 'multilingual-e5-small',
        query: {
          ...localModel,
          worker: true,
          threads: 2,
          spin: false,
          diskCache: false,
          indexYield: { ratio: 3, windowMs: 1000 },
        },
        index: { ...localModel, worker: true, workers: cores, threads: 1, spin: false, diskCache: true },
        backgroundIndex: { ...localModel, worker: true, workers: 1, threads: 1, spin: false, diskCache: true },
        backgroundIndexParallelism: 1,
        indexOnQuerySession: true,
      },
      search: {
        window: 50,
        locale: 'jpn',
        fusion: 'adaptive',
        rerank: { name: 'coverage', depth: 30, weight: 0.2 },
        floor: 0.5,
        lexicon: 'sudachi',
        stopWords: [...JAPANESE_STOP_WORDS],
        fold: ['itaiji', 'vu', 'long-vowel', 'kana'],
        readings: true,
        defaultSynonyms: 'none',
        cacheMb: 8,
      },
      http: {
        host: '127.0.0.1',
        port: 8080,
        adminKey: undefined,
        searchKey: undefined,
        corsOrigins: [],
        rateLimit: { perMinute: 600, anonymousPerMinute: 1200 },
        bodyLimitBytes: 20 * 1024 * 1024,
        shutdownTimeoutMs: 10_000,
      },
      chunking: { maxChars: 400 },
      keywordForm: { fold: ['itaiji', 'vu', 'long-vowel', 'kana'], readings: true },
      tasks: { leaseMs: 15_000, pollMs: 500, heartbeatMs: 3000, indexEmbedderIdleMs: 30_000, reshardBatch: 100 },
      backups: { dir: '/srv/kensaku/backups', intervalMs: 0, keep: 7 },
      analytics: { enabled: true, flushMs: 10_000, retentionDays: 90 },
      suggest: { maxChunks: 100_000, termChunks: 3000, minSearches: 2 },
      demoCorpus: true,
      logLevel: 'info',
    });
  });

  it('uses MEILI_SHARDS as several external nodes, the first the primary, each with its own key or MEILI_MASTER_KEY', () => {
    const shards = JSON.stringify([
      { name: 'a', url: 'http://m1:7700' },
      { name: 'b', url: 'http://m2:7700', apiKey: 'own' },
      { name: 'old', url: 'http://m3:7700', retired: true },
    ]);
    expect(settingsOf({ MEILI_SHARDS: shards, MEILI_MASTER_KEY: 'shared' }).meili).toEqual({
      mode: 'sharded',
      shards: [
        { name: 'a', url: 'http://m1:7700', apiKey: 'shared', retired: false },
        { name: 'b', url: 'http://m2:7700', apiKey: 'own', retired: false },
        { name: 'old', url: 'http://m3:7700', apiKey: 'shared', retired: true },
      ],
    });
  });

  it('uses MEILI_URL as an external Meilisearch, with its key and nothing of the embedded one', () => {
    expect(
      settingsOf({
        MEILI_URL: 'http://meili:7700',
        MEILI_MASTER_KEY: 'secret',
        MEILI_BIN: '/opt/meilisearch',
        MEILI_INDEXING_THREADS: '3',
      }).meili,
    ).toEqual({
      mode: 'external',
      url: 'http://meili:7700',
      apiKey: 'secret',
    });
    expect(
      settingsOf({
        MEILI_BIN: '/opt/meilisearch',
        MEILI_INDEXING_THREADS: '3',
        MEILI_MAX_INDEXING_MEMORY: '512MiB',
        MEILI_TIMEOUT_MS: '5000',
      }).meili,
    ).toEqual({
      mode: 'embedded',
      binary: '/opt/meilisearch',
      dataDir: '/srv/kensaku',
      startTimeoutMs: 5000,
      indexingThreads: 3,
      maxIndexingMemory: '512MiB',
    });
  });

  it('gives every role EMBED_INDEX_WORKERS × EMBED_INDEX_THREADS when set; queries keep EMBED_THREADS and EMBED_SPIN', () => {
    const { embedders } = settingsOf({
      EMBED_INDEX_WORKERS: '3',
      EMBED_INDEX_THREADS: '2',
      EMBED_THREADS: '4',
      EMBED_SPIN: 'on',
      EMBED_BATCH_SIZE: '8',
      EMBED_QUERY_CACHE: '0',
    });
    const model = { ...localModel, batchSize: 8, queryLruSize: 0 };
    expect(embedders).toEqual({
      name: 'multilingual-e5-small',
      query: { ...model, worker: true, threads: 4, spin: true, diskCache: false },
      index: { ...model, worker: true, workers: 3, threads: 2, spin: false, diskCache: true },
      backgroundIndex: { ...model, worker: true, workers: 3, threads: 2, spin: false, diskCache: true },
      backgroundIndexParallelism: 3,
      indexOnQuerySession: false,
    });
  });

  it('with EMBED_WORKER=off runs every role in process, the indexing cores as threads of one session', () => {
    const off = settingsOf({ EMBED_WORKER: 'off' }).embedders;
    expect(off).toEqual({
      name: 'multilingual-e5-small',
      query: { ...localModel, worker: false, threads: 2, spin: false, diskCache: false },
      index: { ...localModel, worker: false, threads: cores, spin: false, diskCache: true },
      backgroundIndex: { ...localModel, worker: false, threads: 1, spin: false, diskCache: true },
      backgroundIndexParallelism: 1,
      indexOnQuerySession: false,
    });
    const set = settingsOf({ EMBED_WORKER: 'off', EMBED_INDEX_WORKERS: '2', EMBED_INDEX_THREADS: '3' }).embedders;
    expect([set.index, set.backgroundIndex]).toEqual([
      { ...localModel, worker: false, threads: 3, spin: false, diskCache: true },
      { ...localModel, worker: false, threads: 3, spin: false, diskCache: true },
    ]);
    expect(set.backgroundIndexParallelism).toBe(2);
  });

  it('maps the openai provider, its Meilisearch embedder named after the model', () => {
    const { embedders } = settingsOf({
      EMBED_PROVIDER: 'openai',
      OPENAI_BASE_URL: 'http://tei:8080',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_EMBED_MODEL: 'intfloat/multilingual-e5-large',
      OPENAI_DIMENSIONS: '1024',
      EMBED_INDEX_WORKERS: '4',
    });
    const openai = {
      provider: 'openai',
      baseUrl: 'http://tei:8080',
      apiKey: 'sk-test',
      model: 'intfloat/multilingual-e5-large',
      dimensions: 1024,
      timeoutMs: 30_000,
      retries: 3,
      dataDir: '/srv/kensaku',
      queryLruSize: 1000,
    };
    expect(embedders).toEqual({
      name: 'multilingual-e5-large',
      query: { ...openai, diskCache: false },
      index: { ...openai, diskCache: true },
      backgroundIndex: { ...openai, diskCache: true },
      backgroundIndexParallelism: 4,
      indexOnQuerySession: false,
    });
  });

  it('keeps an incomplete openai provider as the reason every role cannot load (the service runs keyword-only)', () => {
    const invalid = {
      provider: 'openai',
      invalid: 'EMBED_PROVIDER=openai needs OPENAI_BASE_URL and OPENAI_EMBED_MODEL',
    };
    expect(settingsOf({ EMBED_PROVIDER: 'openai', OPENAI_BASE_URL: 'http://tei:8080' }).embedders).toEqual({
      name: 'openai',
      query: invalid,
      index: invalid,
      backgroundIndex: invalid,
      backgroundIndexParallelism: 1,
      indexOnQuerySession: false,
    });
  });

  it('maps HTTP, search, chunking, task and logging variables', () => {
    const s = settingsOf({
      HOST: '0.0.0.0',
      PORT: '9000',
      ADMIN_KEY: 'admin',
      SEARCH_KEY: 'search',
      CORS_ORIGINS: 'https://a.example, https://b.example',
      BODY_LIMIT_MB: '1.5',
      SHUTDOWN_TIMEOUT_MS: '0',
      STOP_WORDS: 'none',
      INDEX_LOCALE: 'eng',
      SEARCH_WINDOW: '100',
      FUSION: 'rrf',
      RERANK: 'bigram-bm25',
      RERANK_DEPTH: '0',
      RERANK_WEIGHT: '1',
      SEARCH_FLOOR: '0',
      SEARCH_CACHE_MB: '0',
      LEXICON: 'none',
      FOLD: 'itaiji, vu',
      READINGS: 'off',
      SYNONYMS_DEFAULT: 'sudachi',
      CHUNK_MAX_CHARS: '800',
      TASK_LEASE_MS: '1000',
      TASK_POLL_MS: '50',
      EMBED_INDEX_IDLE_MS: '0',
      DEMO_CORPUS: 'off',
      LOG_LEVEL: 'debug',
      RATE_LIMIT_PER_MINUTE: '60',
      RATE_LIMIT_ANON_PER_MINUTE: '0',
    });
    expect(s.http).toEqual({
      host: '0.0.0.0',
      port: 9000,
      adminKey: 'admin',
      searchKey: 'search',
      corsOrigins: ['https://a.example', 'https://b.example'],
      rateLimit: { perMinute: 60, anonymousPerMinute: 0 },
      bodyLimitBytes: 1_572_864,
      shutdownTimeoutMs: 0,
    });
    expect(s.search).toEqual({
      window: 100,
      locale: 'eng',
      fusion: 'rrf',
      rerank: { name: 'bigram-bm25', depth: 0, weight: 1 },
      floor: 0,
      lexicon: 'none',
      stopWords: [],
      fold: ['itaiji', 'vu'],
      readings: false,
      defaultSynonyms: 'sudachi',
      cacheMb: 0,
    });
    expect(s.keywordForm).toEqual({ fold: ['itaiji', 'vu'], readings: false });
    expect(s.store).toMatchObject({ locale: 'eng', stopWords: [] });
    expect(s.chunking).toEqual({ maxChars: 800 });
    // The heartbeat is a fifth of the lease, never under 250 ms.
    expect(s.tasks).toEqual({ leaseMs: 1000, pollMs: 50, heartbeatMs: 250, indexEmbedderIdleMs: 0, reshardBatch: 100 });
    expect([s.demoCorpus, s.logLevel]).toEqual([false, 'debug']);
  });
});
