import type { DocumentRecord } from '../../domain/documents.ts';
import { KensakuError, isKensakuError } from '../../errors/kensaku-error.ts';
import { createChunkStore } from '../chunk-store.ts';
import type { ChunkStore, ChunkStoreOptions, NodeStore, StoreHealth } from '../types.ts';
import { createFederatedLegs } from './federated-legs.ts';
import { registerNetwork } from './network.ts';
import { homeShard } from './placement.ts';
import type { ShardNode } from './types.ts';

export interface ShardedStoreOptions extends Omit<ChunkStoreOptions, 'url' | 'apiKey'> {
  /** MEILI_SHARDS: the first is the primary (meta, synonyms, and the task, key and lease indexes beside it). */
  shards: ShardNode[];
}

export interface Shard {
  node: ShardNode;
  store: NodeStore;
}

/** What resharding needs beyond the store: the shards, and where each document belongs. */
export interface Sharding {
  shards: Shard[];
  /** The active shard a document belongs on. */
  home(documentId: string): string;
}

export interface ShardedStore extends ChunkStore {
  sharding: Sharding;
}

/**
 * A chunk store over several Meilisearch nodes, with the single-node store's interface: each document's chunks and
 * record go to its home shard (rendezvous hashing of its id over the active shards), reads fan out, searches are
 * federated. Retired shards are read and searched until `kensaku reshard` has emptied them, and never written.
 */
export function createShardedStore(input: ShardedStoreOptions): ShardedStore {
  const { shards: nodes, ...rest } = input;
  const shards: Shard[] = nodes.map((node) => ({
    node,
    store: createChunkStore({ ...rest, url: node.url, apiKey: node.apiKey }),
  }));
  const primary = shards[0].store;
  const active = shards.filter((s) => !s.node.retired);
  const byName = new Map(shards.map((s) => [s.node.name, s]));
  const activeNames = active.map((s) => s.node.name);
  const home = (documentId: string) => homeShard(documentId, activeNames);
  const homeStore = (documentId: string) => byName.get(home(documentId))!.store;
  const legsFor = (embedder: ChunkStoreOptions['embedder']) =>
    createFederatedLegs({
      indexName: rest.indexName,
      embedder,
      entries: active.map((s) => ({ name: s.node.name, client: s.store.client })),
      remotes: shards.map((s) => s.node.name),
    });
  let legs = legsFor(rest.embedder);
  /** The synonyms last read from the primary: searches keep them while it is down (and say it is, as shard:<name>). */
  let lastSynonyms: Record<string, string[]> = {};
  /** Documents found off their home shard (mid-reshard), by id: a write at home removes those copies after it. */
  const strays = new Map<string, string[]>();
  let mergedWords: { parts: ReadonlyMap<string, number>[]; words: ReadonlyMap<string, number> } | null = null;

  /** Runs on each shard; every shard's work goes ahead, then the first failure is thrown, naming its shard. */
  async function onEach<T>(targets: Shard[], run: (s: Shard) => Promise<T>): Promise<T[]> {
    const settled = await Promise.allSettled(targets.map(run));
    const failed = settled.findIndex((r) => r.status === 'rejected');
    if (failed >= 0) throw onShard(targets[failed].node.name, (settled[failed] as PromiseRejectedResult).reason);
    return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
  }
  /** Items grouped by the home shard of their document. */
  function byHome<T>(items: T[], idOf: (item: T) => string): [Shard, T[]][] {
    const groups = new Map<string, T[]>();
    for (const item of items) {
      const name = home(idOf(item));
      groups.set(name, [...(groups.get(name) ?? []), item]);
    }
    return [...groups].map(([name, group]) => [byName.get(name)!, group]);
  }
  /** Pages through the shards in order as if they were one list. */
  async function pageAcross<T>(
    limit: number,
    offset: number,
    page: (s: ChunkStore, limit: number, offset: number) => Promise<{ items: T[]; total: number }>,
  ) {
    const items: T[] = [];
    let skip = offset;
    let total = 0;
    for (const { store } of shards) {
      const want = Math.max(0, limit - items.length);
      const got = await page(store, want, want === 0 ? 0 : skip);
      total += got.total;
      if (want > 0) items.push(...got.items);
      skip = Math.max(0, skip - got.total);
    }
    return { items, total };
  }

  const store: ShardedStore = {
    options: primary.options,
    get legs() {
      return legs;
    },
    sharding: { shards, home },
    setEmbedder(embedder) {
      for (const s of shards) s.store.setEmbedder(embedder);
      legs = legsFor(embedder);
    },
    /** Every node gets the settings (Meilisearch forwards none) and the network; an empty one its fields. */
    async ensureIndexes() {
      const changed = await onEach(shards, async (s) => {
        const keys = await s.store.ensureIndexes();
        await s.store.registerFields();
        return keys;
      });
      await registerNetwork(
        shards.map((s) => ({ node: s.node, client: s.store.client })),
        rest.indexName,
      );
      return [...new Set(changed.flat())];
    },
    async getSynonyms() {
      try {
        return (lastSynonyms = await primary.getSynonyms());
      } catch (e) {
        if (isKensakuError(e) && e.code === 'meilisearch_unavailable') return lastSynonyms;
        throw e;
      }
    },
    setSynonyms: (map) => primary.setSynonyms(map),
    getEmbedderRecord: () => primary.getEmbedderRecord(),
    putEmbedderRecord: (record) => primary.putEmbedderRecord(record),
    async warmUp() {
      await onEach(shards, (s) => s.store.warmUp());
    },
    async writeChunks(batch) {
      await onEach(
        byHome(batch, (c) => c.documentId).map(([s]) => s),
        (s) => s.store.writeChunks(batch.filter((c) => home(c.documentId) === s.node.name)),
      );
    },
    async deleteChunks(documentId, fromOrdinal = 0) {
      await homeStore(documentId).deleteChunks(documentId, fromOrdinal);
    },
    async getChunks(filter, limit = 1000, offset = 0) {
      return (await store.pageChunks(filter, limit, offset)).chunks;
    },
    async pageChunks(filter, limit, offset, withVectors = false) {
      const { items, total } = await pageAcross(limit, offset, async (s, l, o) => {
        const page = await s.pageChunks(filter, l, o, withVectors);
        return { items: page.chunks, total: page.total };
      });
      return { chunks: items, total };
    },
    async countChunks() {
      return (await onEach(shards, (s) => s.store.countChunks())).reduce((a, b) => a + b, 0);
    },
    async getDocument(documentId) {
      const first = homeStore(documentId);
      for (const s of [first, ...shards.map((x) => x.store).filter((x) => x !== first)]) {
        const record = await s.getDocument(documentId);
        if (record) return record;
      }
      return null;
    },
    async pageDocuments(limit, offset, read) {
      const { items, total } = await pageAcross(limit, offset, async (s, l, o) => {
        const page = await s.pageDocuments(l, o, read);
        return { items: page.records, total: page.total };
      });
      return { records: items, total };
    },
    async getDocumentsByIds(documentIds, read) {
      const found = await onEach(shards, async (s) => ({
        name: s.node.name,
        records: await s.store.getDocumentsByIds(documentIds, read),
      }));
      for (const id of documentIds) strays.delete(id);
      const out = new Map<string, DocumentRecord>();
      for (const { name, records } of found) {
        for (const r of records) {
          if (home(r.documentId) === name) out.set(r.documentId, r);
          else {
            strays.set(r.documentId, [...new Set([...(strays.get(r.documentId) ?? []), name])]);
            if (!out.has(r.documentId)) out.set(r.documentId, r);
          }
        }
      }
      return [...out.values()];
    },
    async putDocuments(records) {
      await onEach(
        byHome(records, (r) => r.documentId).map(([s]) => s),
        (s) => s.store.putDocuments(records.filter((r) => home(r.documentId) === s.node.name)),
      );
      // The new version is at home now: the old copies elsewhere go, or a reshard would copy them back over it.
      const left = new Map<string, string[]>();
      for (const { documentId } of records) {
        for (const name of strays.get(documentId) ?? []) left.set(name, [...(left.get(name) ?? []), documentId]);
      }
      await onEach(
        [...left.keys()].map((name) => byName.get(name)!),
        (s) => s.store.deleteDocuments(left.get(s.node.name)!),
      );
      for (const { documentId } of records) strays.delete(documentId);
    },
    // Deletes go to every shard, so a document mid-reshard cannot come back from its old place.
    async deleteDocument(documentId) {
      await onEach(shards, (s) => s.store.deleteDocument(documentId));
    },
    async deleteDocuments(documentIds) {
      await onEach(shards, (s) => s.store.deleteDocuments(documentIds));
    },
    async resetEmbedders() {
      await onEach(shards, (s) => s.store.resetEmbedders());
    },
    async termCounts(list, locale) {
      const each = await onEach(shards, (s) => s.store.termCounts(list, locale));
      return list.map((_, i) => ({
        all: each.reduce((n, counts) => n + counts[i].all, 0),
        code: each.reduce((n, counts) => n + counts[i].code, 0),
      }));
    },
    // Each shard holds its chunks' words; a word's count is the sum over shards, merged again only when one changed.
    async readingWords() {
      const parts = await onEach(shards, (s) => s.store.readingWords());
      if (mergedWords?.parts.length === parts.length && parts.every((p, i) => p === mergedWords!.parts[i]))
        return mergedWords.words;
      const words = new Map<string, number>();
      for (const each of parts) for (const [w, n] of each) words.set(w, (words.get(w) ?? 0) + n);
      mergedWords = { parts, words };
      return words;
    },
    // Every shard's own version (the primary's covers the meta index): any shard's write changes the whole.
    async dataVersion() {
      return (await onEach(shards, (s) => s.store.dataVersion())).join('/');
    },
    async countMatching(filters) {
      return (await onEach(shards, (s) => s.store.countMatching(filters))).reduce((a, b) => a + b, 0);
    },
    async health(): Promise<StoreHealth> {
      const each = await Promise.all(shards.map(async (s) => ({ s, h: await s.store.health() })));
      // Searches answer while any active shard does (degraded); writes, keys and tasks need the primary.
      const up = each.find(({ s, h }) => !s.node.retired && h.status === 'available');
      // A node whose disk is full or read-only refuses the writes placed on it: the store cannot take every write.
      const failing = each.find(({ h }) => h.writes);
      const writes = failing?.h.writes && {
        ...failing.h.writes,
        reason: `shard ${failing.s.node.name}: ${failing.h.writes.reason}`,
      };
      return {
        status: up ? 'available' : 'unavailable',
        ...(up ? { version: up.h.version } : { error: 'no shard answers' }),
        ...(writes ? { writes } : {}),
        shards: each.map(({ s, h }) => ({
          name: s.node.name,
          url: s.node.url,
          retired: s.node.retired,
          status: h.status,
          ...(h.error ? { error: h.error } : {}),
        })),
      };
    },
  };
  return store;
}

/** The same error, saying which shard: an operator must know which node to look at. */
function onShard(name: string, e: unknown): unknown {
  if (!isKensakuError(e)) return e;
  return new KensakuError(e.code, `shard ${name}: ${e.message}`, { cause: e });
}
