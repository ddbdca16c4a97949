import type { EnqueuedTaskPromise, Meilisearch, Task } from 'meilisearch';
import { KensakuError } from '../errors/kensaku-error.ts';
import { meili, toKensakuError } from './meili-errors.ts';

/**
 * Meilisearch keeps an enqueued task across its own restart; the supervisor brings the embedded one back within
 * 10 s. So a wait that loses Meilisearch keeps asking this long before it gives up: the write then usually gets a
 * definite answer instead of a 503 that leaves the caller not knowing whether it happened.
 */
const OUTAGE_GRACE_MS = 15_000;

/** Waits for a Meilisearch task and turns a failed task into an error: writes are never fire-and-forget. */
export async function settle(
  client: Meilisearch,
  doing: string,
  enqueue: () => EnqueuedTaskPromise,
  timeoutMs: number,
): Promise<void> {
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
      if (task.status === 'succeeded') return;
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
