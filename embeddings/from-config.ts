import { KensakuError } from '../errors/kensaku-error.ts';
import type { Config } from '../config/index.ts';
import type { CreateEmbedderOptions } from './index.ts';

/** Maps validated settings (config/index.ts reads the environment) to createEmbedder options. */
export function embedderOptionsFromConfig(config: Config, projectRoot: string): CreateEmbedderOptions {
  const cache = { dataDir: config.dataDir, queryLruSize: config.EMBED_QUERY_CACHE };
  if (config.EMBED_PROVIDER === 'openai') {
    if (!config.OPENAI_BASE_URL || !config.OPENAI_EMBED_MODEL) {
      throw new KensakuError('invalid_config', 'EMBED_PROVIDER=openai needs OPENAI_BASE_URL and OPENAI_EMBED_MODEL');
    }
    return {
      ...cache,
      provider: 'openai',
      baseUrl: config.OPENAI_BASE_URL,
      apiKey: config.OPENAI_API_KEY,
      model: config.OPENAI_EMBED_MODEL,
      dimensions: config.OPENAI_DIMENSIONS,
      timeoutMs: config.OPENAI_TIMEOUT_MS,
      retries: config.OPENAI_RETRIES,
    };
  }
  return {
    ...cache,
    provider: 'local',
    worker: config.EMBED_WORKER,
    model: config.EMBED_MODEL,
    modelDir: config.EMBED_MODEL_DIR,
    projectRoot,
    dataDir: config.dataDir,
    download: config.EMBED_DOWNLOAD,
    dtype: config.EMBED_DTYPE,
    threads: config.EMBED_THREADS,
    batchSize: config.EMBED_BATCH_SIZE,
  };
}
