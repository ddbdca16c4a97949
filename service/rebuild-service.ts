import type { TaskRecord } from '../domain/tasks.ts';
import { KensakuError } from '../errors/kensaku-error.ts';
import type { ChunkStore } from '../store/types.ts';
import { rebuildRefusal } from './rebuild-handlers.ts';
import type { TaskQueue } from './task-queue.ts';

export type RebuildService = ReturnType<typeof createRebuildService>;

/** What POST /rebuild and `kensaku rebuild` call: a durable `rebuild` task (service/rebuild-handlers.ts). */
export function createRebuildService(tasks: Pick<TaskQueue, 'enqueue'>, store: ChunkStore) {
  return {
    /** Refused at once on a store it cannot rebuild, so nothing is queued that would only fail. */
    async enqueue(options: { embeddings?: boolean } = {}): Promise<TaskRecord> {
      const refusal = rebuildRefusal(store);
      if (refusal) throw new KensakuError('rebuild_unsupported', refusal);
      return tasks.enqueue({ type: 'rebuild', documentCount: 0, embeddings: options.embeddings === true });
    },
  };
}
