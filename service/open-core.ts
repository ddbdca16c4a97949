import type { Logger } from 'pino';
import type { Config } from '../config/index.ts';
import type { Embedder } from '../embeddings/types.ts';
import { errorMessage } from '../errors/kensaku-error.ts';
import { createChunkStore, type ChunkStore } from '../store/chunk-store.ts';
import { stopWordsFor } from '../store/stop-words.ts';
import { configuredEmbedderName, loadEmbedder } from './embedder-setup.ts';
import { connectMeilisearch, type MeiliConnection } from './meili-connection.ts';
import { resolveSemanticState } from './semantic-setup.ts';
import type { SemanticState } from './semantic-state.ts';

export interface CoreOptions {
  config: Config;
  logger: Logger;
  /** Also load an indexing embedder on a worker thread, so bulk indexing stays off the request thread (server). */
  separateIndexer: boolean;
  /** Skip the model entirely (keyword-only commands). */
  embeddings?: boolean;
}

/** What every command needs: Meilisearch, the chunk store with settings applied, and the embedder if it loads. */
export interface Core {
  config: Config;
  logger: Logger;
  meili: MeiliConnection;
  store: ChunkStore;
  /** Query-time embedder (in process, query LRU). */
  embedder: Embedder | null;
  /** Indexing embedder (disk cache; a worker in the server); the same object in CLI commands. */
  indexEmbedder: Embedder | null;
  semantic: SemanticState;
  close(): Promise<void>;
}

export async function openCore(options: CoreOptions): Promise<Core> {
  const { config, logger } = options;
  const meili = await connectMeilisearch(config, { logger });
  logger.info({ url: meili.url, version: meili.version, mode: meili.mode }, 'meilisearch ready');
  let embedder: Embedder | null = null;
  let indexEmbedder: Embedder | null = null;
  let loadError: string | undefined;
  if (options.embeddings !== false) {
    try {
      // The server has two: queries on their own worker, indexing on another. Commands have one, used for indexing.
      embedder = await loadEmbedder(config, { diskCache: !options.separateIndexer, role: options.separateIndexer ? 'query' : 'index' });
      indexEmbedder = options.separateIndexer ? await loadEmbedder(config, { diskCache: true, role: 'background-index' }) : embedder;
      logger.info({ model: embedder.modelId, fingerprint: embedder.fingerprint, dimensions: embedder.dimensions }, 'embedding model ready');
    } catch (e) {
      loadError = errorMessage(e);
      logger.error({ err: loadError }, 'embedding model unavailable: semantic search is degraded');
      await embedder?.close();
      embedder = null;
    }
  }
  // One name for the Meilisearch embedder, from config: the same whether or not the model loaded.
  const name = configuredEmbedderName(config);
  try {
    const store = createChunkStore({
      url: meili.url,
      apiKey: meili.apiKey,
      indexName: config.INDEX_NAME,
      locale: config.INDEX_LOCALE,
      stopWords: stopWordsFor(config.STOP_WORDS),
      embedder: embedder ? { name, dimensions: embedder.dimensions } : null,
      timeoutMs: config.MEILI_TIMEOUT_MS,
      taskTimeoutMs: config.MEILI_TASK_TIMEOUT_MS,
    });
    const changed = await store.ensureIndexes();
    if (changed.length) logger.info({ settings: changed }, 'index settings updated');
    await store.warmUp();
    const semantic = await resolveSemanticState(store, embedder, name, loadError);
    if (!semantic.available) logger.warn({ reason: semantic.reason }, 'semantic leg off');
    const close = async () => {
      if (indexEmbedder !== embedder) await indexEmbedder?.close();
      await embedder?.close();
      await meili.stop();
    };
    return { config, logger, meili, store, embedder, indexEmbedder, semantic, close };
  } catch (e) {
    if (indexEmbedder !== embedder) await indexEmbedder?.close();
    await embedder?.close();
    await meili.stop();
    throw e;
  }
}
