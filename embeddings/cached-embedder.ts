import { diskCacheKey, type DiskCache } from './disk-cache.ts';
import { createLru } from './lru.ts';
import { emptyStats, type CountingEmbedder, type Embedder, type Prefixes } from './types.ts';

export interface CacheOptions {
  /** Passage vectors that survive restarts. withCache owns it: close() closes it. */
  diskCache?: DiskCache;
  /** Recent query vectors kept in memory; 0 disables. */
  queryLruSize: number;
}

export interface CacheStats {
  queryHits: number;
  passageHits: number;
  /** Passage batches the disk cache could not keep (full or read-only disk), and the last reason. */
  diskWriteErrors: number;
  lastDiskError?: string;
}

/** `stats` counts only what reached the wrapped embedder; `cacheStats` counts what did not. */
export type CachedEmbedder = CountingEmbedder & { readonly cacheStats: CacheStats };

export function withCache(embedder: Embedder & { prefixes?: Prefixes }, options: CacheOptions): CachedEmbedder {
  const { diskCache } = options;
  const prefixes = embedder.prefixes ?? { query: '', passage: '' };
  const stats = emptyStats();
  const cacheStats: CacheStats = { queryHits: 0, passageHits: 0, diskWriteErrors: 0 };
  // Promises, so concurrent identical queries share one model call.
  const queries = createLru<string, Promise<number[]>>(options.queryLruSize);

  async function embedPassages(texts: string[]): Promise<number[][]> {
    const out = new Array<number[]>(texts.length);
    // Unknown texts, each once, with every position it fills.
    const misses = new Map<string, { text: string; at: number[] }>();
    texts.forEach((text, i) => {
      const key = diskCacheKey(prefixes.passage, text);
      const hit = diskCache?.get(key);
      if (hit) {
        out[i] = Array.from(hit);
        cacheStats.passageHits++;
      } else {
        const miss = misses.get(key) ?? { text, at: [] };
        miss.at.push(i);
        misses.set(key, miss);
      }
    });
    if (misses.size === 0) return out;
    const pending = [...misses.entries()];
    stats.passageCalls++;
    stats.passagesEmbedded += pending.length;
    const vectors = await embedder.embedPassages(pending.map(([, m]) => m.text));
    pending.forEach(([, m], k) => m.at.forEach((i) => (out[i] = vectors[k])));
    // The cache only spares a later re-embedding: a cache on a full or read-only disk must not fail the documents.
    await diskCache?.putMany(pending.map(([key], k) => [key, vectors[k]])).catch((e: Error) => {
      cacheStats.diskWriteErrors++;
      cacheStats.lastDiskError = e.message;
    });
    return out;
  }

  function embedQuery(text: string): Promise<number[]> {
    const cached = queries.get(text);
    if (cached) {
      cacheStats.queryHits++;
      return cached.then((v) => v.slice()); // callers may mutate their copy
    }
    stats.queryCalls++;
    const vector = embedder.embedQuery(text);
    queries.set(text, vector);
    vector.catch(() => queries.delete(text));
    return vector.then((v) => v.slice());
  }

  return {
    get modelId() {
      return embedder.modelId;
    },
    get dimensions() {
      return embedder.dimensions;
    },
    get fingerprint() {
      return embedder.fingerprint;
    },
    parallelism: embedder.parallelism,
    prefixes,
    stats,
    cacheStats,
    embedPassages,
    embedQuery,
    async close() {
      await embedder.close();
      await diskCache?.close();
    },
  };
}
