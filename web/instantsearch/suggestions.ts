import { escapeHtml, highlightValue, isPlain, unescapeHtml, type Tags } from './highlight.ts';
import { AIS_POST_TAG, AIS_PRE_TAG } from './highlight.ts';
import type { SearchParameters, SuggestionHit, SuggestionsResult } from './types.ts';

// InstantSearch's query-suggestions pattern over GET /suggest: an index({ indexName: '<…>_query_suggestions' }) whose
// hits are { query, objectID, _highlightResult.query }, rendered by a hits widget under the search box.

/** Algolia's naming of a query-suggestions index: `<index>_query_suggestions`. */
export const SUGGESTIONS_SUFFIX = '_query_suggestions';
/** /suggest's bounds: 1–20 suggestions. */
const MAX = 20;
const DEFAULT = 5;

/** Whether a request is for the suggestions: the index named in the option, or any `…_query_suggestions`. */
export function isSuggestionsIndex(indexName: string, option: string | undefined): boolean {
  if (option) return indexName === option;
  return (
    indexName.length > SUGGESTIONS_SUFFIX.length && indexName.slice(-SUGGESTIONS_SUFFIX.length) === SUGGESTIONS_SUFFIX
  );
}

export interface SuggestQuery {
  q: string;
  limit: number;
  tags: Tags;
}

/** query → q (an empty one asks for the key's most searched queries), hitsPerPage → limit within /suggest's 1–20. */
export function suggestQuery(params: SearchParameters | undefined): SuggestQuery {
  const p = params || {};
  const q = typeof p.query === 'string' ? p.query : '';
  const n = typeof p.hitsPerPage === 'number' && Number.isFinite(p.hitsPerPage) ? Math.floor(p.hitsPerPage) : DEFAULT;
  const { highlightPreTag: pre, highlightPostTag: post } = p;
  const tags =
    typeof pre === 'string' && typeof post === 'string' && pre && post
      ? { pre, post }
      : { pre: AIS_PRE_TAG, post: AIS_POST_TAG };
  return { q, limit: Math.min(MAX, Math.max(1, n)), tags };
}

export interface KensakuSuggestion {
  text: string;
  source: string;
  highlighted?: string;
}

/**
 * The value InstantSearch shows: kensaku's highlighted (escaped HTML, the typed prefix in <mark>) with its marks as
 * InstantSearch's tags, plain text for its escapeHTML; without one (a match by reading or variant) the text unmarked.
 */
export function suggestionValue(s: KensakuSuggestion, tags: Tags): string {
  if (typeof s.highlighted !== 'string' || !s.highlighted) return isPlain(tags) ? s.text : escapeHtml(s.text);
  const marked = s.highlighted.replace(/<mark>/g, tags.pre).replace(/<\/mark>/g, tags.post);
  return isPlain(tags) ? unescapeHtml(marked) : marked;
}

export function toSuggestionHit(s: KensakuSuggestion, query: SuggestQuery): SuggestionHit {
  return {
    query: s.text,
    objectID: s.text,
    source: s.source,
    _highlightResult: { query: highlightValue(suggestionValue(s, query.tags), query.q, query.tags) },
  };
}

export function toSuggestionsResult(
  indexName: string,
  query: SuggestQuery,
  suggestions: readonly KensakuSuggestion[],
  params: string,
  ms: number,
): SuggestionsResult {
  return {
    index: indexName,
    hits: suggestions.map((s) => toSuggestionHit(s, query)),
    nbHits: suggestions.length,
    nbPages: suggestions.length ? 1 : 0,
    page: 0,
    hitsPerPage: query.limit,
    processingTimeMS: Math.round(ms),
    query: query.q,
    params,
    exhaustiveNbHits: false,
    exhaustiveFacetsCount: true,
    facets: {},
  };
}
