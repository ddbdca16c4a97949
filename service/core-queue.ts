import { indexingHandlers } from './indexing-handlers.ts';
import { crawlHandlers } from './crawl-handlers.ts';
import { backupHandlers } from './backup-handlers.ts';
import { rebuildHandlers } from './rebuild-handlers.ts';
import { sourceStoreOf } from './source-store.ts';
import { createKeywordForm } from '../indexer/keyword-form.ts';
import type { Core } from './open-core.ts';
import { createTaskQueue, type TaskQueueOptions } from './task-queue.ts';

/** The durable task queue over a Core's stores, running the indexing and crawl handlers: the server's and the commands'. */
export function createCoreQueue(core: Core, options: Pick<TaskQueueOptions, 'onFinished'> = {}) {
  const { tasks, chunking } = core.settings;
  const keywordForm = createKeywordForm(core.settings.keywordForm);
  const embedder = () => (core.semantic.available ? core.indexEmbedder : null);
  const embedderName = () => core.semantic.embedderName;
  return createTaskQueue({
    store: core.taskStore,
    lease: core.lease,
    logger: core.logger,
    pollMs: tasks.pollMs,
    heartbeatMs: tasks.heartbeatMs,
    ready: core.ready,
    handlers: {
      ...indexingHandlers({
        store: core.store,
        taskStore: core.taskStore,
        embedder,
        embedderName,
        maxChars: chunking.maxChars,
        keywordForm,
        preparer: core.preparer,
        sharding: core.sharding,
        reshardBatch: tasks.reshardBatch,
      }),
      ...crawlHandlers({
        store: core.store,
        sources: sourceStoreOf(core),
        embedder,
        embedderName,
        maxChars: chunking.maxChars,
        keywordForm,
      }),
      ...backupHandlers({
        meili: core.meili,
        indexName: core.settings.store.indexName,
        taskTimeoutMs: core.settings.store.taskTimeoutMs,
        sharded: core.sharding !== null,
        backups: core.settings.backups,
        logger: core.logger,
      }),
      ...rebuildHandlers({ store: core.store, keywordForm, maxChars: chunking.maxChars, embedder, embedderName }),
    },
    ...options,
  });
}
