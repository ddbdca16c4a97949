import { createCoreQueue } from '../service/core-queue.ts';
import { createLogger } from '../service/logger.ts';
import { openCore, type Core } from '../service/open-core.ts';
import type { Settings } from '../service/settings.ts';
import { loadModelForQueuedTasks } from './follow-task.ts';

export interface QueuedCommandOptions {
  /**
   * `queued`: the model only if a task queued before this one embeds (loadModelForQueuedTasks); `always`: this
   * command's own task may embed (a rebuild), so the model loads whenever it can.
   */
  model: 'queued' | 'always';
}

/**
 * What a command that enqueues a task and follows it shares: a core opened without the model, the model loaded as
 * `options.model` says, the durable queue (this process runs the task when no server holds the queue), and both
 * closed whatever happens.
 */
export async function withTaskQueue<T>(
  settings: Settings,
  options: QueuedCommandOptions,
  body: (core: Core, tasks: ReturnType<typeof createCoreQueue>) => Promise<T>,
): Promise<T> {
  const core = await openCore({
    settings,
    logger: createLogger(settings.logLevel, 2),
    separateIndexer: false,
    embeddings: false,
  });
  let tasks: ReturnType<typeof createCoreQueue> | undefined;
  try {
    if (options.model === 'always') await core.loadEmbeddings();
    else await loadModelForQueuedTasks(core);
    tasks = createCoreQueue(core);
    return await body(core, tasks);
  } finally {
    await tasks?.stop();
    await core.close();
  }
}
