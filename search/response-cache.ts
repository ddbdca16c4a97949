import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { SearchScope } from './scope.ts';
import type { SearchParams, SearchResponse } from './types.ts';

export interface ResponseCacheOptions {
  /** The memory the kept responses may hold, in bytes: each one's compressed JSON, its key and bookkeeping; 0 keeps none. */
  maxBytes: number;
}

/** Whole responses of repeated searches, each valid while the data it was computed from is (store dataVersion). */
export interface ResponseCache {
  get(key: string, version: string): SearchResponse | undefined;
  set(key: string, version: string, response: SearchResponse): void;
}

// The fastest level: a JSQuAD response (8 K chars of JSON, 15 KB as an object on the heap) keeps in ~4.5 KB, a hit
// decodes in 0.12-0.19 ms and a miss encodes in 0.15-0.39 ms; level 6 or brotli keep 8-20% more for more of both.
const LEVEL = 1;
// What an entry costs besides its bytes and key: the Map slot, the entry object and the Uint8Array's header.
const ENTRY_OVERHEAD = 300;

/**
 * A least-recently-used map from a search's key to its response and the data version it was computed on. A response
 * of another version is never served: it is dropped when met. Each response is kept as its JSON, compressed (a third
 * of what the object holds on the heap), and each hit is a fresh object decoded from it: the same JSON a user was sent
 * the first time. Sizes are the bytes really held, so the budget is memory.
 */
export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const entries = new Map<string, { version: string; body: Uint8Array; bytes: number }>();
  let bytes = 0;
  const drop = (key: string) => {
    const e = entries.get(key);
    if (!e) return;
    entries.delete(key);
    bytes -= e.bytes;
  };
  return {
    get(key, version) {
      const e = entries.get(key);
      if (!e) return undefined;
      drop(key);
      if (e.version !== version) return undefined;
      entries.set(key, e);
      bytes += e.bytes;
      return JSON.parse(inflateRawSync(e.body).toString('utf8')) as SearchResponse;
    },
    set(key, version, response) {
      // A copy: zlib's output is a view of a 16 KiB chunk, which it would otherwise keep whole.
      const body = new Uint8Array(deflateRawSync(JSON.stringify(response), { level: LEVEL }));
      const size = body.byteLength + 2 * key.length + ENTRY_OVERHEAD;
      if (size > options.maxBytes / 8) return;
      drop(key);
      entries.set(key, { version, body, bytes: size });
      bytes += size;
      for (const old of entries.keys()) {
        if (bytes <= options.maxBytes) break;
        drop(old);
      }
    },
  };
}

/**
 * What a response depends on besides the data: every parameter, the scoped key's filter and whether the semantic leg
 * was up. Keys are sorted, so GET and POST of the same search meet.
 */
export function responseKey(params: SearchParams, scope: SearchScope | undefined, semanticUp: boolean): string {
  return JSON.stringify([sorted(params), scope?.filter ?? null, semanticUp]);
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
    );
  return value;
}
