import { indexingHandlers } from './indexing-handlers.ts';
import { createKeywordForm } from '../indexer/keyword-form.ts';
import type { Core } from './open-core.ts';
import { createTaskQueue, type TaskQueueOptions } from './task-queue.ts';

/** The durable task queue over a Core's stores, running the indexing handlers: the server's and the commands'. */
export function createCoreQueue(core: Core, options: Pick<TaskQueueOptions, 'onFinished'> = {}) {
  const { tasks, chunking } = core.settings;
  return createTaskQueue({
    store: core.taskStore,
    lease: core.lease,
    logger: core.logger,
    pollMs: tasks.pollMs,
    heartbeatMs: tasks.heartbeatMs,
    ready: core.ready,
    handlers: indexingHandlers({
      store: core.store,
      taskStore: core.taskStore,
      embedder: () => (core.semantic.available ? core.indexEmbedder : null),
      embedderName: () => core.semantic.embedderName,
      maxChars: chunking.maxChars,
      keywordForm: createKeywordForm(core.settings.keywordForm),
      sharding: core.sharding,
      reshardBatch: tasks.reshardBatch,
    }),
    ...options,
  });
}
