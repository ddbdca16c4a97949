import { createApp } from '../api/app.ts';
import { searchSettings } from '../api/search/search-settings.ts';
import { createIndexingService } from '../api/indexing-service.ts';
import { createMetrics } from '../api/metrics.ts';
import { createTaskQueue } from '../api/tasks/task-queue.ts';
import { fillVectors } from '../indexer/pipeline/fill-vectors.ts';
import { emptySummary } from '../indexer/pipeline/types.ts';
import type { Core } from './open-core.ts';

export interface BuildAppOptions {
  /** prom-client's process metrics; off in tests that build several apps. */
  defaultMetrics?: boolean;
}

/** Wires a Core into the HTTP app: task queue, indexing service, metrics. */
export function buildApp(core: Core, options: BuildAppOptions = {}) {
  const { config } = core;
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics, meiliRestarts: () => core.meili.restarts() });
  const tasks = createTaskQueue();
  const indexing = createIndexingService({
    store: core.store,
    tasks,
    metrics,
    embedder: () => (core.semantic.available ? core.indexEmbedder : null),
    embedderName: () => core.semantic.embedderName,
    maxChars: config.CHUNK_MAX_CHARS,
  });
  const app = createApp({
    store: core.store,
    semantic: () => core.semantic,
    indexing,
    metrics,
    logger: core.logger,
    auth: { adminKey: config.ADMIN_KEY, searchKey: config.SEARCH_KEY },
    search: searchSettings(config),
    corsOrigins: config.CORS_ORIGINS,
    bodyLimitBytes: Math.round(config.BODY_LIMIT_MB * 1024 * 1024),
  });

  /** Chunks written while the model was down get their vectors now, as a task like any other. */
  const fillMissingVectors = () =>
    tasks.enqueue('index', 0, async () => {
      if (core.semantic.available && core.indexEmbedder && core.semantic.embedderName) {
        const filled = await fillVectors({ store: core.store, embedder: core.indexEmbedder, embedderName: core.semantic.embedderName });
        if (filled) core.logger.info({ chunks: filled }, 'filled in missing vectors');
      }
      return emptySummary();
    });

  return { app, tasks, indexing, metrics, fillMissingVectors };
}
