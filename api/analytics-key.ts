import type { Caller } from './caller.ts';

/**
 * Which key a search or event is counted under: a scoped key by its id, the search key, the admin key, or anonymous
 * (no key configured). Never the client's address.
 */
export function analyticsKeyOf(caller: Caller | undefined): string {
  if (caller?.key) return `key:${caller.key.id}`;
  if (caller?.bucket === 'search-key' || caller?.bucket === 'admin') return caller.bucket;
  return 'anonymous';
}
