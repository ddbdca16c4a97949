import path from 'node:path';
import { withCache, type CachedEmbedder } from './cached-embedder.ts';
import { openDiskCache } from './disk-cache.ts';
import { createLocalEmbedder, type LocalEmbedderOptions } from './local.ts';
import { locateModel, type LocateModelOptions } from './model-locator.ts';
import { createOpenAIEmbedder, type OpenAIEmbedderOptions } from './openai.ts';
import type { CountingEmbedder } from './types.ts';
import { createWorkerEmbedder, type WorkerEmbedderOptions } from './worker-embedder.ts';
import { createWorkerPool } from './worker-pool.ts';

interface CacheSettings {
  /** Passage vectors persist in `<dataDir>/embed-cache/<fingerprint>.bin`. */
  dataDir: string;
  /** Default true. */
  diskCache?: boolean;
  /** Default 1000 recent queries; 0 disables. */
  queryLruSize?: number;
}

export type LocalProviderOptions = {
  provider: 'local';
  /** Inference on a worker thread. */
  worker: boolean;
  /** With `worker`: more than 1 makes a pool that embeds that many texts at once. Default 1. */
  workers?: number;
  /** With `worker`: passages pause while queries arrive on the same session (index-yield.ts). */
  indexYield?: WorkerEmbedderOptions['indexYield'];
} & LocateModelOptions &
  Pick<LocalEmbedderOptions, 'threads' | 'spin' | 'batchSize'>;
export type OpenAIProviderOptions = { provider: 'openai' } & OpenAIEmbedderOptions;
export type CreateEmbedderOptions = (LocalProviderOptions | OpenAIProviderOptions) & CacheSettings;

/** The embedder the app uses: the configured provider behind the query LRU and passage disk cache. */
export async function createEmbedder(options: CreateEmbedderOptions): Promise<CachedEmbedder> {
  const provider = await createProvider(options);
  try {
    const diskCache =
      options.diskCache === false
        ? undefined
        : await openDiskCache({
            dir: path.join(options.dataDir, 'embed-cache'),
            fingerprint: provider.fingerprint,
            dimensions: provider.dimensions,
          });
    return withCache(provider, { diskCache, queryLruSize: options.queryLruSize ?? 1000 });
  } catch (e) {
    await provider.close();
    throw e;
  }
}

/**
 * The server's two roles on one model: searches and indexing share one worker and its session (which runs queries
 * first), so the model's memory (runtime, tokenizer, session: about 500 MB) is paid once. Each role keeps its own
 * cache: the query LRU for searches, the passage disk cache for indexing. Closing the indexing one leaves the model
 * to the query one, which closes it.
 */
export async function createSharedEmbedders(
  options: LocalProviderOptions & CacheSettings,
): Promise<{ query: CachedEmbedder; index: CachedEmbedder }> {
  const provider = await createProvider({ ...options, diskCache: false });
  try {
    const diskCache = await openDiskCache({
      dir: path.join(options.dataDir, 'embed-cache'),
      fingerprint: provider.fingerprint,
      dimensions: provider.dimensions,
    });
    return {
      query: withCache(provider, { queryLruSize: options.queryLruSize ?? 1000 }),
      index: withCache({ ...provider, close: async () => {} }, { diskCache, queryLruSize: 0 }),
    };
  } catch (e) {
    await provider.close();
    throw e;
  }
}

async function createProvider(options: CreateEmbedderOptions): Promise<CountingEmbedder> {
  if (options.provider === 'openai') return createOpenAIEmbedder(options);
  const located = await locateModel(options);
  const local: LocalEmbedderOptions = {
    modelDir: located.dir,
    modelId: located.name,
    dtype: options.dtype,
    threads: options.threads,
    spin: options.spin,
    batchSize: options.batchSize,
  };
  if (!options.worker) return createLocalEmbedder(local);
  const workers = options.workers ?? 1;
  return workers > 1
    ? createWorkerPool({ ...local, workers })
    : createWorkerEmbedder({ ...local, indexYield: options.indexYield });
}

export { withCache, type CacheOptions, type CacheStats, type CachedEmbedder } from './cached-embedder.ts';
export { openDiskCache, diskCacheKey, type DiskCache, type DiskCacheOptions } from './disk-cache.ts';
export { fingerprintModel } from './fingerprint.ts';
export { createLocalEmbedder, type LocalEmbedderOptions } from './local.ts';
export { locateModel, type LocateModelOptions, type LocatedModel } from './model-locator.ts';
export { createOpenAIEmbedder, type OpenAIEmbedderOptions } from './openai.ts';
export { prefixesFor } from './prefixes.ts';
export { cosine, l2Normalize } from './vector-math.ts';
export { createWorkerEmbedder } from './worker-embedder.ts';
export { createWorkerPool, type WorkerPoolOptions } from './worker-pool.ts';
export type { CountingEmbedder, Embedder, EmbedderStats, ModelDtype, Prefixes } from './types.ts';
