import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config/index.ts';
import { embedderOptionsFromConfig } from '../embeddings/from-config.ts';
import { createEmbedder, type CachedEmbedder } from '../embeddings/index.ts';
import { embedderName } from '../store/ids.ts';

/** The project root: where `models/<name>` is looked for, and `../shared/models/<name>` beside it. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface LoadEmbedderOptions {
  /**
   * - `query`: one session of EMBED_THREADS threads (EMBED_SPIN) on a worker thread, in process with EMBED_WORKER=off.
   * - `index`: a command's indexer, with the machine to itself: every core by default.
   * - `background-index`: the server's indexer, beside live searches: one core by default.
   * Indexing runs EMBED_INDEX_WORKERS workers of EMBED_INDEX_THREADS threads (config/index.ts).
   */
  role: 'query' | 'index' | 'background-index';
  /** Persist passage vectors on disk; only one embedder per DATA_DIR should write them. */
  diskCache: boolean;
}

export function loadEmbedder(config: Config, options: LoadEmbedderOptions): Promise<CachedEmbedder> {
  const base = embedderOptionsFromConfig(config, PROJECT_ROOT);
  const { diskCache } = options;
  if (base.provider !== 'local') return createEmbedder({ ...base, diskCache });
  if (options.role === 'query') {
    // On a worker thread the event loop keeps serving while a query embeds (in process, ONNX Runtime's run blocks it
    // for the whole inference): bench, c=8, hybrid p50 1.25× → 1.03× the peer's (which embeds the same way).
    return createEmbedder({ ...base, threads: config.EMBED_THREADS, spin: config.EMBED_SPIN, worker: config.EMBED_WORKER, diskCache });
  }
  const cores = indexWorkers(config, options.role);
  // Indexing always shares the cores with Meilisearch indexing its writes: spinning threads would fight it.
  const spin = false;
  if (!config.EMBED_WORKER) {
    // No worker threads allowed: the same cores as threads inside one in-process session.
    return createEmbedder({ ...base, threads: config.EMBED_INDEX_THREADS ?? cores, spin, worker: false, diskCache });
  }
  return createEmbedder({ ...base, threads: config.EMBED_INDEX_THREADS ?? 1, spin, worker: true, workers: cores, diskCache });
}

/** The Meilisearch embedder name for the configured model, known even when the model fails to load. */
export function configuredEmbedderName(config: Config): string {
  const model = config.EMBED_PROVIDER === 'openai' ? (config.OPENAI_EMBED_MODEL ?? 'openai') : config.EMBED_MODEL;
  return embedderName(model.split('/').pop()!);
}

/** How many texts the indexing embedder of a role embeds at once (its worker count). */
export function indexWorkers(config: Config, role: 'index' | 'background-index'): number {
  return config.EMBED_INDEX_WORKERS ?? (role === 'background-index' ? 1 : availableParallelism());
}
