// The attributes kensaku's index can filter and facet on (store/settings.ts FILTERABLE; a test holds the two equal).
// Nothing else may reach a filter string: the names are written into it unquoted.

export const FILTERABLE = ['documentId', 'tags', 'source', 'hasVector', 'ordinal'] as const;

export type Filterable = (typeof FILTERABLE)[number];

/** What `facets: ['*']` expands to unless the client is given its own list. */
export const DEFAULT_FACETS: readonly Filterable[] = ['tags', 'source'];

export function isFilterable(name: string): name is Filterable {
  return (FILTERABLE as readonly string[]).indexOf(name) >= 0;
}

/** The attribute itself, or an Error naming it and what is allowed. */
export function filterable(name: string, where: string): Filterable {
  if (!isFilterable(name)) {
    throw new Error(
      `kensaku instantsearch: ${where} on ${JSON.stringify(name)} is not supported; kensaku filters on ${FILTERABLE.join(', ')}`,
    );
  }
  return name;
}
