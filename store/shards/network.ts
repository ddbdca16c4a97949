import { createHash } from 'node:crypto';
import type { Meilisearch, Remote } from 'meilisearch';
import { meili, meiliCode, toKensakuError } from '../meili-errors.ts';
import type { ShardNode } from './types.ts';

export interface NetworkNode {
  node: ShardNode;
  client: Meilisearch;
}

/**
 * Makes every node able to fan a federated search out to all the others: Meilisearch's `network` feature on, a
 * search-only key for the chunk index on each node (minted by kensaku under a fixed uid, so every process finds the
 * same one), and the same remotes on every node with `self` its own name. Names no longer configured are removed.
 * Idempotent: every process runs it at start.
 */
export async function registerNetwork(nodes: NetworkNode[], indexName: string): Promise<void> {
  const remotes: Record<string, Remote> = {};
  for (const { node, client } of nodes) {
    await meili(`enabling the network feature on shard ${node.name}`, () =>
      client.updateExperimentalFeatures({ network: true }),
    );
    remotes[node.name] = {
      url: node.url,
      searchApiKey: node.apiKey ? await searchKey(client, node.name, indexName) : null,
    };
  }
  for (const { node, client } of nodes) {
    const current = await meili(`reading the network of shard ${node.name}`, () => client.getNetwork());
    const gone = Object.keys(current.remotes ?? {}).filter((name) => !remotes[name]);
    const update = {
      self: node.name,
      remotes: { ...remotes, ...Object.fromEntries(gone.map((name) => [name, null])) },
    };
    await meili(`registering the network on shard ${node.name}`, () => client.updateNetwork(update));
  }
}

/** The key other nodes search this one with: search on the chunk index only, never expiring. */
async function searchKey(client: Meilisearch, shard: string, indexName: string): Promise<string> {
  const uid = uuidFrom(`kensaku-federated-search:${indexName}`);
  const doing = `minting the search key of shard ${shard}`;
  const existing = async () => {
    try {
      return (await client.getKey(uid)).key;
    } catch (e) {
      if (meiliCode(e) === 'api_key_not_found') return null;
      throw toKensakuError(e, doing);
    }
  };
  const key = await existing();
  if (key) return key;
  try {
    return (
      await client.createKey({
        uid,
        name: `kensaku ${indexName}: federated search`,
        description: 'Used by the other shards to search this one',
        actions: ['search'],
        indexes: [indexName],
        expiresAt: null,
      })
    ).key;
  } catch (e) {
    // Another process starting at the same moment minted it first.
    const raced = meiliCode(e) === 'api_key_already_exists' ? await existing() : null;
    if (raced) return raced;
    throw toKensakuError(e, doing);
  }
}

/** A UUID (v4 layout) derived from a string, so the key's uid is the same in every process. */
function uuidFrom(text: string): string {
  const b = createHash('sha256').update(text).digest();
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
