import type { SearchHit, SearchMode, SearchResponse } from '../../search/types.ts';

// The shapes InstantSearch.js hands a searchClient and expects back (Algolia's multi-query API), as far as the
// adapter reads or writes them, and the part of kensaku's /search answer it reads.

export type { SearchMode };

/** facetFilters: "attr:value", or arrays of them; an inner array is OR, the outer one AND. */
export type FacetFilters = string | ReadonlyArray<string | readonly string[]>;
/** numericFilters: "attr>=3", "attr:1 TO 5", or arrays of them, nested like facetFilters. */
export type NumericFilters = FacetFilters;

export interface SearchParameters {
  query?: string;
  page?: number;
  hitsPerPage?: number;
  facets?: string | readonly string[];
  facetFilters?: FacetFilters;
  numericFilters?: NumericFilters;
  filters?: string;
  tagFilters?: unknown;
  highlightPreTag?: string;
  highlightPostTag?: string;
  [param: string]: unknown;
}

export interface SearchRequest {
  indexName: string;
  params?: SearchParameters;
}

export interface FacetSearchRequest {
  indexName: string;
  params: SearchParameters & { facetName: string; facetQuery?: string; maxFacetHits?: number };
}

export type MatchLevel = 'none' | 'partial' | 'full';

export interface HighlightValue {
  value: string;
  matchLevel: MatchLevel;
  matchedWords: string[];
  fullyHighlighted?: boolean;
}

/** A kensaku hit as it is, plus what InstantSearch needs: objectID and the highlight results. */
export type Hit = SearchHit & {
  objectID: string;
  _highlightResult: { title: HighlightValue; text: HighlightValue };
  _snippetResult: { text: HighlightValue };
  /** The search's queryID, for the insights middleware's events. */
  __queryID?: string;
};

export type FacetCounts = Record<string, Record<string, number>>;

/** A query suggestion (GET /suggest), as InstantSearch's query-suggestions pattern renders it. */
export interface SuggestionHit {
  query: string;
  objectID: string;
  /** kensaku's source: query | title | heading | term | synonym. */
  source: string;
  _highlightResult: { query: HighlightValue };
}

export interface SearchResult<H = Hit> {
  index: string;
  /** kensaku's queryId: what the insights middleware sends clicks with (kensakuInsightsClient). */
  queryID?: string;
  hits: H[];
  nbHits: number;
  nbPages: number;
  page: number;
  hitsPerPage: number;
  processingTimeMS: number;
  query: string;
  params: string;
  exhaustiveNbHits: false;
  exhaustiveFacetsCount: boolean;
  facets: FacetCounts;
}

export type SuggestionsResult = SearchResult<SuggestionHit>;

export interface FacetHit {
  value: string;
  highlighted: string;
  count: number;
}

export interface FacetSearchResult {
  facetHits: FacetHit[];
  exhaustiveFacetsCount: boolean;
  processingTimeMS: number;
}

export interface SearchClient {
  search(requests: readonly SearchRequest[]): Promise<{ results: Array<SearchResult | SuggestionsResult> }>;
  searchForFacetValues(requests: readonly FacetSearchRequest[]): Promise<FacetSearchResult[]>;
}

/** GET /search's answer; the facet fields are only there when facets were asked for. */
export type KensakuResponse = SearchResponse & {
  /** Names the search in POST /events; null with ANALYTICS=off. */
  queryId?: string | null;
  facetDistribution?: FacetCounts;
  facetsEstimated?: boolean;
};
