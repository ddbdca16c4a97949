import type { TaskRecord } from '../domain/tasks.ts';
import { KensakuError } from '../errors/kensaku-error.ts';
import type { ChunkStore } from '../store/types.ts';
import { rebuildNodes } from './rebuild-handlers.ts';
import type { TaskQueue } from './task-queue.ts';

export type RebuildService = ReturnType<typeof createRebuildService>;

/** What POST /rebuild and `kensaku rebuild` call: a durable `rebuild` task (service/rebuild-handlers.ts). */
export function createRebuildService(tasks: Pick<TaskQueue, 'enqueue'>, store: ChunkStore) {
  return {
    async enqueue(options: { embeddings?: boolean } = {}): Promise<TaskRecord> {
      if (!rebuildNodes(store)) throw new KensakuError('internal', 'this store cannot be rebuilt');
      return tasks.enqueue({ type: 'rebuild', documentCount: 0, embeddings: options.embeddings === true });
    },
  };
}
