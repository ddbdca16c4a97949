import type { EnqueuedTaskPromise } from 'meilisearch';
import { KensakuError } from '../errors/kensaku-error.ts';
import { meili } from './meili-errors.ts';

/** Waits for a Meilisearch task and turns a failed task into an error: writes are never fire-and-forget. */
export async function settle(doing: string, enqueue: () => EnqueuedTaskPromise, timeoutMs: number): Promise<void> {
  const task = await meili(doing, () => enqueue().waitTask({ timeout: timeoutMs, interval: 20 }));
  if (task.status !== 'succeeded') {
    throw new KensakuError('meilisearch_error', `Meilisearch task for ${doing} ${task.status}: ${task.error?.message ?? 'no detail'}`);
  }
}
