import type { Logger } from 'pino';
import { createLazyEmbedder } from '../embeddings/lazy.ts';
import type { DocumentPreparer } from '../indexer/pipeline/prepare.ts';
import { createWorkerPreparer } from '../indexer/pipeline/worker-preparer.ts';
import type { Embedder } from '../embeddings/types.ts';
import { errorMessage } from '../errors/kensaku-error.ts';
import { createChunkStore, type ChunkStore } from '../store/chunk-store.ts';
import { createShardedStore, type Sharding } from '../store/shards/sharded-store.ts';
import { createLease, type Lease } from '../store/lease.ts';
import { meiliClient } from '../store/meili-client.ts';
import { createTaskStore, type TaskStore } from '../store/task-store.ts';
import { createKeyStore, type KeyStore } from '../store/key-store.ts';
import { connectMeilisearch, type MeiliConnection, type WhenOwned } from './meili-connection.ts';
import { resolveSemanticState } from './semantic-setup.ts';
import type { Settings } from './settings.ts';
import type { SemanticState } from '../domain/semantic-state.ts';
import { starting, unavailable } from './semantic-state.ts';

export interface CoreOptions {
  /** service/settings.ts: the Core uses `meili`, `store`, `embedders` and `tasks`, and carries the rest for its users. */
  settings: Settings;
  logger: Logger;
  /**
   * The server: indexing shares the query model (queries first), or, with EMBED_INDEX_WORKERS/THREADS set, gets
   * workers of its own, loaded only while there is indexing.
   */
  separateIndexer: boolean;
  /** Open without the model (commands that need only Meilisearch); `loadEmbeddings()` loads it later if need be. */
  embeddings?: boolean;
  /** Return once keyword search works; the model loads behind `ready` (the server answers meanwhile). */
  early?: boolean;
  /** When another process owns DATA_DIR's embedded Meilisearch (service/meili-connection.ts); default: join it. */
  whenOwned?: WhenOwned;
}

/** What every command needs: Meilisearch, the chunk store with settings applied, the task queue's store, the model. */
export interface Core {
  settings: Settings;
  logger: Logger;
  meili: MeiliConnection;
  store: ChunkStore;
  taskStore: TaskStore;
  /** MEILI_SHARDS: the shards and each document's home (`kensaku reshard`); null on one node. */
  sharding: Sharding | null;
  /** Scoped API keys (POST /keys). */
  keyStore: KeyStore;
  lease: Lease;
  /** Query-time embedder; null until `ready`, and when the model could not be loaded. */
  embedder: Embedder | null;
  /** Indexing embedder (disk cache; in the server the query model's session, or lazy workers); the same object in CLI commands. */
  indexEmbedder: Embedder | null;
  /**
   * Commands: chunking and readings on a worker thread, so the thread feeding the model's workers stays free; started
   * on the first document. null in the server, whose indexing makes them beside the embedding (no second analyser).
   */
  preparer: DocumentPreparer | null;
  /** Read on every request: `starting` until `ready`. */
  semantic: SemanticState;
  /** Settles when the model is loaded, or known not to load, and `semantic` says which. */
  ready: Promise<void>;
  /** Loads the model into a Core opened without it, once: for a command that finds it needs it after all. */
  loadEmbeddings(): Promise<void>;
  close(): Promise<void>;
}

export async function openCore(options: CoreOptions): Promise<Core> {
  const { settings, logger } = options;
  const meili = await connectMeilisearch(settings.meili, { logger, whenOwned: options.whenOwned });
  logger.info({ url: meili.url, version: meili.version, mode: meili.mode }, 'meilisearch ready');
  // One name for the Meilisearch embedder, from the settings: the same whether or not the model loads.
  const { name } = settings.embedders;
  const { indexName, taskTimeoutMs } = settings.store;
  try {
    const sharded =
      settings.meili.mode === 'sharded'
        ? createShardedStore({ shards: settings.meili.shards, ...settings.store, embedder: null })
        : null;
    const store =
      sharded ?? createChunkStore({ url: meili.url, apiKey: meili.apiKey, ...settings.store, embedder: null });
    // The vectors already stored say the embedder's size, so settings need not wait for the model.
    const record = await store.getEmbedderRecord();
    if (record && options.embeddings !== false) store.setEmbedder({ name, dimensions: record.dimensions });
    const changed = await store.ensureIndexes();
    if (changed.length) logger.info({ settings: changed }, 'index settings updated');
    await store.warmUp();
    // Tasks, keys and leases live on the primary (the one node when not sharded), beside the store's indexes.
    const client = meiliClient({ url: meili.url, apiKey: meili.apiKey, timeoutMs: settings.store.timeoutMs });
    const taskStore = createTaskStore({ client, indexName, taskTimeoutMs });
    await taskStore.ensure();
    const keyStore = createKeyStore({ client, indexName, taskTimeoutMs });
    await keyStore.ensure();
    const lease = createLease({ client, prefix: `${indexName}_lease_`, ttlMs: settings.tasks.leaseMs, taskTimeoutMs });

    let modelAsked = false;
    const core: Core = {
      settings,
      logger,
      meili,
      store,
      sharding: sharded?.sharding ?? null,
      taskStore,
      keyStore,
      lease,
      embedder: null,
      indexEmbedder: null,
      preparer: options.separateIndexer ? null : createWorkerPreparer({ keywordForm: settings.keywordForm }),
      semantic:
        options.embeddings === false
          ? unavailable('embeddings not loaded by this command', null, name)
          : starting(name),
      ready: Promise.resolve(),
      loadEmbeddings() {
        if (!modelAsked) {
          modelAsked = true;
          core.semantic = starting(name);
          core.ready = loadModel(core, options);
        }
        return core.ready;
      },
      async close() {
        await core.ready.catch(() => undefined);
        if (core.indexEmbedder !== core.embedder) await core.indexEmbedder?.close();
        await core.embedder?.close();
        await core.preparer?.close();
        await meili.stop();
      },
    };
    if (options.embeddings !== false) void core.loadEmbeddings();
    if (!options.early) await core.ready;
    return core;
  } catch (e) {
    await meili.stop();
    throw e;
  }
}

/** Loads the model, gives the index its embedder if it had none, and decides whether the semantic leg may run. */
async function loadModel(core: Core, options: CoreOptions): Promise<void> {
  const { settings, logger, store } = core;
  const { embedders } = settings;
  const { name } = embedders;
  let loadError: string | undefined;
  try {
    // Imported here: the model's runtime is heavy to load, and commands that never embed should not pay for it.
    const { loadEmbedder, loadSharedEmbedders } = await import('./embedder-setup.ts');
    // The server indexes on its query model (queries first) unless indexing has workers of its own, loaded while
    // there is indexing. Commands have one, used for indexing.
    const shared =
      options.separateIndexer && embedders.indexOnQuerySession ? await loadSharedEmbedders(embedders.query) : null;
    const embedder = shared?.query ?? (await loadEmbedder(options.separateIndexer ? embedders.query : embedders.index));
    core.embedder = embedder;
    core.indexEmbedder = shared
      ? shared.index
      : options.separateIndexer
        ? createLazyEmbedder({
            load: () => loadEmbedder(embedders.backgroundIndex),
            identity: {
              modelId: embedder.modelId,
              dimensions: embedder.dimensions,
              fingerprint: embedder.fingerprint,
              parallelism: embedders.backgroundIndexParallelism,
            },
            idleMs: settings.tasks.indexEmbedderIdleMs,
          })
        : embedder;
    logger.info(
      { model: embedder.modelId, fingerprint: embedder.fingerprint, dimensions: embedder.dimensions },
      'embedding model ready',
    );
  } catch (e) {
    loadError = errorMessage(e);
    logger.error({ err: loadError }, 'embedding model unavailable: semantic search is degraded');
  }
  // Meilisearch may be restarting meanwhile: the leg stays `starting` until the index's embedder could be checked.
  for (let attempt = 1; ; attempt++) {
    try {
      if (core.embedder && !store.options.embedder) {
        store.setEmbedder({ name, dimensions: core.embedder.dimensions });
        await store.ensureIndexes();
      }
      core.semantic = await resolveSemanticState(store, core.embedder, name, loadError);
      break;
    } catch (e) {
      if (attempt >= 30) {
        core.semantic = unavailable(`cannot check the index's embedder: ${errorMessage(e)}`, core.embedder, name);
        break;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  if (!core.semantic.available) logger.warn({ reason: core.semantic.reason }, 'semantic leg off');
}
