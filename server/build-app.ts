import { createApp } from '../api/app.ts';
import { searchSettings } from '../search/search-settings.ts';
import { createMetrics } from '../api/metrics.ts';
import { createCoreQueue } from '../service/core-queue.ts';
import { createIndexingService } from '../service/indexing-service.ts';
import { createApiKeys } from '../service/api-keys.ts';
import type { Core } from '../service/open-core.ts';

export interface BuildAppOptions {
  /** prom-client's process metrics; off in tests that build several apps. */
  defaultMetrics?: boolean;
}

/** Wires a Core into the HTTP app: the durable task queue, the indexing service, metrics. The queue is started by the caller. */
export function buildApp(core: Core, options: BuildAppOptions = {}) {
  const { http, search } = core.settings;
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics, meiliRestarts: () => core.meili.restarts() });
  const tasks = createCoreQueue(core, { onFinished: (task) => metrics.countTask(task) });
  const indexing = createIndexingService(core.store, tasks);
  const keys = createApiKeys({
    store: core.keyStore,
    checkFilter: async (filter) => void (await core.store.countMatching([filter])),
  });
  const app = createApp({
    store: core.store,
    semantic: () => core.semantic,
    indexing,
    metrics,
    logger: core.logger,
    auth: { adminKey: http.adminKey, searchKey: http.searchKey, keys },
    search: searchSettings(search),
    corsOrigins: http.corsOrigins,
    rateLimit: http.rateLimit,
    bodyLimitBytes: http.bodyLimitBytes,
  });
  return { app, tasks, indexing, metrics };
}
