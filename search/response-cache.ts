import type { SearchScope } from './scope.ts';
import type { SearchParams, SearchResponse } from './types.ts';

export interface ResponseCacheOptions {
  /** What the kept responses may hold, as the length of their JSON; 0 keeps none. */
  maxChars: number;
}

/** Whole responses of repeated searches, each valid while the data it was computed from is (store dataVersion). */
export interface ResponseCache {
  get(key: string, version: string): SearchResponse | undefined;
  set(key: string, version: string, response: SearchResponse): void;
}

/**
 * A least-recently-used map from a search's key to its response and the data version it was computed on. A response
 * of another version is never served: it is dropped when met. Sizes are JSON lengths, measured once when kept.
 */
export function createResponseCache(options: ResponseCacheOptions): ResponseCache {
  const entries = new Map<string, { version: string; response: SearchResponse; chars: number }>();
  let chars = 0;
  const drop = (key: string) => {
    const e = entries.get(key);
    if (!e) return;
    entries.delete(key);
    chars -= e.chars;
  };
  return {
    get(key, version) {
      const e = entries.get(key);
      if (!e) return undefined;
      drop(key);
      if (e.version !== version) return undefined;
      entries.set(key, e);
      chars += e.chars;
      return e.response;
    },
    set(key, version, response) {
      const size = JSON.stringify(response).length;
      if (size > options.maxChars / 8) return;
      drop(key);
      entries.set(key, { version, response, chars: size });
      chars += size;
      for (const old of entries.keys()) {
        if (chars <= options.maxChars) break;
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
