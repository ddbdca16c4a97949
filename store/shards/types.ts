/** One Meilisearch node of a sharded store (MEILI_SHARDS). */
export interface ShardNode {
  /** Places documents: rendezvous hashing is on the name, so the node may change URL without moving anything. */
  name: string;
  url: string;
  /** Its master or admin key; kensaku mints the search-only key the other nodes use from it. */
  apiKey?: string;
  /** Searched and drained by `kensaku reshard`, never written. */
  retired: boolean;
}
