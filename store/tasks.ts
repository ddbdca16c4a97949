import type { EnqueuedTaskPromise, Meilisearch, Task } from 'meilisearch';
import { KensakuError } from '../errors/kensaku-error.ts';
import { noteWrite } from './disk-state.ts';
import { diskErrorOf, meili, toKensakuError } from './meili-errors.ts';

/**
 * Meilisearch keeps an enqueued task across its own restart; the supervisor brings the embedded one back within
 * 10 s. So a wait that loses Meilisearch keeps asking this long before it gives up: the write then usually gets a
 * definite answer instead of a 503 that leaves the caller not knowing whether it happened.
 */
const OUTAGE_GRACE_MS = 15_000;

/**
 * Waits for a Meilisearch task and turns a failed task into an error: writes are never fire-and-forget. How it ended
 * is noted for /health (store/disk-state.ts): a full or read-only disk shows there until a write with a body succeeds.
 */
export async function settle(
  client: Meilisearch,
  doing: string,
  enqueue: () => EnqueuedTaskPromise,
  timeoutMs: number,
): Promise<void> {
  try {
    const type = await settleTask(client, doing, enqueue, timeoutMs);
    // Only a body stored proves Meilisearch can write files again: a delete or a settings change needs no new file.
    if (type === 'documentAdditionOrUpdate') noteWrite(client.config.host);
  } catch (e) {
    noteWrite(client.config.host, e);
    throw e;
  }
}

async function settleTask(
  client: Meilisearch,
  doing: string,
  enqueue: () => EnqueuedTaskPromise,
  timeoutMs: number,
): Promise<Task['type']> {
  const { taskUid } = await meili(doing, () => enqueue());
  const deadline = Date.now() + timeoutMs;
  let unreachableSince: number | null = null;
  for (;;) {
    let task: Task | null = null;
    try {
      task = await client.tasks.getTask(taskUid);
      unreachableSince = null;
    } catch (e) {
      const error = toKensakuError(e, doing);
      if (error.code !== 'meilisearch_unavailable') throw error;
      unreachableSince ??= Date.now();
      if (Date.now() - unreachableSince > OUTAGE_GRACE_MS) throw error;
    }
    if (task && task.status !== 'enqueued' && task.status !== 'processing') {
      if (task.status === 'succeeded') return task.type;
      const disk = diskErrorOf(task.error?.code ?? '', task.error?.message ?? '', doing);
      if (disk) throw new KensakuError(disk.code, disk.message);
      throw new KensakuError(
        'meilisearch_error',
        `Meilisearch task for ${doing} ${task.status}: ${task.error?.message ?? 'no detail'}`,
      );
    }
    if (Date.now() > deadline)
      throw new KensakuError('meilisearch_unavailable', `Meilisearch did not finish ${doing} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, unreachableSince === null ? 20 : 200));
  }
}
