import { indexingHandlers } from './indexing-handlers.ts';
import type { Core } from './open-core.ts';
import { createTaskQueue, type TaskQueueOptions } from './task-queue.ts';

/** The durable task queue over a Core's stores, running the indexing handlers: the server's and the commands'. */
export function createCoreQueue(core: Core, options: Pick<TaskQueueOptions, 'onFinished'> = {}) {
  const { config } = core;
  return createTaskQueue({
    store: core.taskStore,
    lease: core.lease,
    logger: core.logger,
    pollMs: config.TASK_POLL_MS,
    // A few beats fit in the lease's silence limit, so one slow write does not hand the queue over.
    heartbeatMs: Math.max(250, Math.floor(config.TASK_LEASE_MS / 5)),
    ready: core.ready,
    handlers: indexingHandlers({
      store: core.store,
      taskStore: core.taskStore,
      embedder: () => (core.semantic.available ? core.indexEmbedder : null),
      embedderName: () => core.semantic.embedderName,
      maxChars: config.CHUNK_MAX_CHARS,
    }),
    ...options,
  });
}
