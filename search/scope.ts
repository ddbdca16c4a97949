/** What a scoped key confines a search to. */
export interface SearchScope {
  /** Meilisearch filter every hit must match, whatever the caller sends. */
  filter?: string;
}

/**
 * The key's filter and the caller's as Meilisearch's filter array, whose elements are parsed one by one and ANDed:
 * never one concatenated string, where a caller's `x") OR (tags = "secret"` would close the key's parenthesis.
 */
export function scopedFilter(
  scope: SearchScope | undefined,
  caller: string | undefined,
): string | string[] | undefined {
  if (!scope?.filter) return caller;
  return caller ? [scope.filter, caller] : [scope.filter];
}
