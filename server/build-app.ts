import { createApp } from '../api/app.ts';
import { searchSettings } from '../search/search-settings.ts';
import { createMetrics } from '../api/metrics.ts';
import { createCoreQueue } from '../service/core-queue.ts';
import { createIndexingService } from '../service/indexing-service.ts';
import { createApiKeys } from '../service/api-keys.ts';
import { sourceStoreOf } from '../service/source-store.ts';
import { createSourcesService } from '../service/sources-service.ts';
import { createRecrawlTimer } from '../service/recrawl.ts';
import { createBackupsService } from '../service/backups-service.ts';
import { createBackupTimer } from '../service/backup-timer.ts';
import { createRebuildService } from '../service/rebuild-service.ts';
import type { Core } from '../service/open-core.ts';
import { analyticsOf } from '../service/analytics.ts';
import { popularQueriesOf } from '../service/popular-queries.ts';
import { createSuggester } from '../search/suggest/suggester.ts';
import { createFold } from '../text/fold/fold.ts';

export interface BuildAppOptions {
  /** prom-client's process metrics; off in tests that build several apps. */
  defaultMetrics?: boolean;
}

/** Wires a Core into the HTTP app: the durable task queue, the indexing service, metrics. The queue is started by the caller. */
export function buildApp(core: Core, options: BuildAppOptions = {}) {
  const { http, search } = core.settings;
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics, meiliRestarts: () => core.meili.restarts() });
  const queue = createCoreQueue(core, { onFinished: (task) => metrics.countTask(task) });
  const indexing = createIndexingService(core.store, queue);
  const sources = createSourcesService(sourceStoreOf(core), queue);
  // Sources with a re-crawl interval get their crawls while the queue runs: the timer starts and stops with it.
  const recrawl = createRecrawlTimer({
    sources: sourceStoreOf(core),
    tasks: queue,
    lease: core.lease,
    logger: core.logger,
    tickMs: Math.max(1000, core.settings.tasks.pollMs),
  });
  const backups = createBackupsService(queue, core.settings.backups, { sharded: core.sharding !== null });
  const backupTimer = createBackupTimer({
    settings: core.settings.backups,
    backups,
    tasks: queue,
    lease: core.lease,
    logger: core.logger,
    backupQueued: async () => (await core.taskStore.nextTasks(1000)).some((t) => t.type === 'backup'),
  });
  const tasks = {
    ...queue,
    start: () => (queue.start(), recrawl.start(), backupTimer.start()),
    stop: () => (recrawl.stop(), backupTimer.stop(), queue.stop()),
  };
  const analytics = analyticsOf(core);
  // The analytics flush runs with the queue; stopping writes the last window once the queue (and mostly the
  // requests draining meanwhile) is done, so a clean shutdown loses no count.
  const running = {
    ...tasks,
    start: () => (tasks.start(), analytics.start()),
    stop: async () => {
      await tasks.stop();
      await analytics.stop();
    },
  };
  const keys = createApiKeys({
    store: core.keyStore,
    checkFilter: async (filter) => void (await core.store.countMatching([filter])),
  });
  const app = createApp({
    store: core.store,
    semantic: () => core.semantic,
    indexing,
    sources,
    backups,
    rebuild: createRebuildService(queue, core.store),
    metrics,
    logger: core.logger,
    auth: { adminKey: http.adminKey, searchKey: http.searchKey, keys },
    search: searchSettings(search),
    corsOrigins: http.corsOrigins,
    rateLimit: http.rateLimit,
    bodyLimitBytes: http.bodyLimitBytes,
    analytics,
    suggester: createSuggester({
      store: core.store,
      fold: createFold(search.fold),
      popular: popularQueriesOf(analytics),
      ...core.settings.suggest,
    }),
  });
  return { app, tasks: running, analytics, indexing, sources, metrics };
}
