import { createHash } from 'node:crypto';

/**
 * The shard a document lives on: rendezvous (highest random weight) hashing of its id over the shards' names. All of
 * a document's chunks, its record and its deletes follow its id; adding or removing one of N shards moves only the
 * documents that shard wins or held, about 1/N of them.
 */
export function homeShard(documentId: string, shards: readonly string[]): string {
  let best = '';
  let bestWeight = -1;
  for (const shard of shards) {
    const weight = createHash('sha256').update(shard).update('\0').update(documentId).digest().readUIntBE(0, 6);
    if (weight > bestWeight || (weight === bestWeight && shard < best)) {
      best = shard;
      bestWeight = weight;
    }
  }
  if (!best) throw new Error('no shard to place a document on');
  return best;
}
