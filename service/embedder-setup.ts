import { fileURLToPath } from 'node:url';
import type { Config } from '../config/index.ts';
import { createEmbedder, embedderOptionsFromConfig, type CachedEmbedder } from '../embeddings/index.ts';
import { embedderName } from '../store/ids.ts';

/** The project root: where `models/<name>` is looked for, and `../shared/models/<name>` beside it. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface LoadEmbedderOptions {
  /** Run inference on a worker thread (bulk indexing off the request thread). */
  worker: boolean;
  /** What it is for: queries use EMBED_THREADS, indexing EMBED_INDEX_THREADS (unset: 1 on the server's worker, else 2). */
  role: 'query' | 'index';
  /** Persist passage vectors on disk; only one embedder per DATA_DIR should write them. */
  diskCache: boolean;
}

export function loadEmbedder(config: Config, options: LoadEmbedderOptions): Promise<CachedEmbedder> {
  const base = embedderOptionsFromConfig(config, PROJECT_ROOT);
  if (base.provider !== 'local') return createEmbedder({ ...base, diskCache: options.diskCache });
  const threads = options.role === 'index' ? (config.EMBED_INDEX_THREADS ?? (options.worker ? 1 : 2)) : config.EMBED_THREADS;
  // Indexing always shares the cores with Meilisearch indexing its writes: spinning threads would fight it.
  const spin = options.role === 'query' && config.EMBED_SPIN;
  return createEmbedder({ ...base, threads, spin, worker: options.worker && config.EMBED_WORKER, diskCache: options.diskCache });
}

/** The Meilisearch embedder name for the configured model, known even when the model fails to load. */
export function configuredEmbedderName(config: Config): string {
  const model = config.EMBED_PROVIDER === 'openai' ? (config.OPENAI_EMBED_MODEL ?? 'openai') : config.EMBED_MODEL;
  return embedderName(model.split('/').pop()!);
}
