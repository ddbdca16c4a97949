import { meiliClient } from '../../store/meili-client.ts';
import { meili } from '../../store/meili-errors.ts';
import type { ShardedStore } from '../../store/shards/sharded-store.ts';
import { settle } from '../../store/tasks.ts';
import type { ChunkStore, ChunkStoreOptions } from '../../store/types.ts';

/**
 * Drops the store's index and every index named after it (`<name>_…`: records, meta, tasks, keys, leases) on each
 * of its nodes, so tests, eval and bench start from scratch and leave nothing behind. The product never drops, so
 * this is not part of the store.
 */
export async function dropAll(store: ChunkStore): Promise<void> {
  const nodes = isSharded(store) ? store.sharding.shards.map((s) => s.store.options) : [store.options];
  // Every node is cleaned even when one fails.
  const failed = (await Promise.allSettled(nodes.map(dropOn))).find(
    (r): r is PromiseRejectedResult => r.status === 'rejected',
  );
  if (failed) throw failed.reason;
}

function isSharded(store: ChunkStore): store is ShardedStore {
  return 'sharding' in store;
}

async function dropOn(options: Readonly<ChunkStoreOptions>): Promise<void> {
  const client = meiliClient(options);
  const page = await meili('reading indexes', () => client.getIndexes({ limit: 10_000 }));
  for (const { uid } of page.results) {
    if (uid !== options.indexName && !uid.startsWith(`${options.indexName}_`)) continue;
    await settle(
      client,
      `deleting index ${uid}`,
      () => client.deleteIndex(uid),
      options.taskTimeoutMs ?? options.timeoutMs,
    ).catch(() => undefined);
  }
}
