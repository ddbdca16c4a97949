import { filterable, type Filterable } from './attributes.ts';
import { buildFilter } from './filters.ts';
import { AIS_POST_TAG, AIS_PRE_TAG, type Tags } from './highlight.ts';
import { paging, type Paging } from './paging.ts';
import type { SearchMode, SearchParameters, SearchRequest } from './types.ts';

// One InstantSearch request → the parameters of one kensaku GET /search.

export interface KensakuQuery {
  q: string;
  mode: SearchMode;
  limit: number;
  offset: number;
  filter?: string;
  facets: string[];
  highlightPreTag: string;
  highlightPostTag: string;
}

export interface MappedRequest {
  query: KensakuQuery;
  paging: Paging;
  tags: Tags;
}

export interface RequestSettings {
  mode: SearchMode;
  /** What `facets: ['*']` stands for. */
  facets: readonly Filterable[];
}

/** `facets` (a string in InstantSearch's facet-only requests, else a list; '*' for all) → kensaku's facets. */
export function requestedFacets(raw: SearchParameters['facets'], all: readonly Filterable[]): string[] {
  const list = raw === undefined || raw === null ? [] : typeof raw === 'string' ? [raw] : raw;
  const out: string[] = [];
  for (const name of list) {
    for (const facet of name === '*' ? all : [filterable(String(name), 'faceting')]) {
      if (out.indexOf(facet) < 0) out.push(facet);
    }
  }
  return out;
}

function tagsOf(params: SearchParameters): Tags {
  const { highlightPreTag: pre, highlightPostTag: post } = params;
  return typeof pre === 'string' && typeof post === 'string' && pre && post
    ? { pre, post }
    : { pre: AIS_PRE_TAG, post: AIS_POST_TAG };
}

/**
 * An empty query is a browse and hitsPerPage 0 asks for counts only: neither needs the query embedded, so both go
 * as mode=keyword (kensaku then searches without the model).
 */
export function mapRequest(request: SearchRequest, settings: RequestSettings): MappedRequest {
  const params = request.params || {};
  if (
    params.tagFilters !== undefined &&
    params.tagFilters !== '' &&
    !(Array.isArray(params.tagFilters) && !params.tagFilters.length)
  ) {
    throw new Error(
      'kensaku instantsearch: tagFilters are not supported; filter on tags with facetFilters ("tags:value")',
    );
  }
  const q = typeof params.query === 'string' ? params.query : '';
  const page = paging(params.page, params.hitsPerPage);
  const tags = tagsOf(params);
  const countsOnly = page.limit === 0;
  return {
    query: {
      q,
      mode: countsOnly || !q.trim() ? 'keyword' : settings.mode,
      limit: page.limit,
      offset: page.offset,
      filter: buildFilter(params),
      facets: requestedFacets(params.facets, settings.facets),
      highlightPreTag: tags.pre,
      highlightPostTag: tags.post,
    },
    paging: page,
    tags,
  };
}

/** The query string of GET /search; unset filter and facets are left out. */
export function queryString(query: KensakuQuery): string {
  const qs = new URLSearchParams();
  qs.set('q', query.q);
  qs.set('mode', query.mode);
  qs.set('limit', String(query.limit));
  if (query.offset) qs.set('offset', String(query.offset));
  if (query.filter) qs.set('filter', query.filter);
  if (query.facets.length) qs.set('facets', query.facets.join(','));
  qs.set('highlightPreTag', query.highlightPreTag);
  qs.set('highlightPostTag', query.highlightPostTag);
  return qs.toString();
}
