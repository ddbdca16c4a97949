import { highlightValue, markWords, snippetValue, titleWords, type Tags } from './highlight.ts';
import type { MappedRequest } from './map-request.ts';
import { pageCount } from './paging.ts';
import type { Hit, KensakuResponse, SearchResult } from './types.ts';

// One kensaku /search answer → the result InstantSearch expects for its request.

type KensakuHit = KensakuResponse['hits'][number];

/** The hit as kensaku gave it, plus objectID and the highlights: text from the snippet, the title marked here. */
export function toHit(hit: KensakuHit, query: string, tags: Tags, queryID?: string): Hit {
  const text = highlightValue(snippetValue(hit.snippet, tags), query, tags);
  const title = highlightValue(markWords(hit.title, titleWords(text.matchedWords, query), tags), query, tags);
  return {
    ...hit,
    objectID: hit.chunkId,
    _highlightResult: { title, text },
    _snippetResult: { text: { ...text, matchedWords: text.matchedWords.slice() } },
    ...(queryID ? { __queryID: queryID } : {}),
  };
}

export function toResult(
  indexName: string,
  mapped: MappedRequest,
  response: KensakuResponse,
  params: string,
): SearchResult {
  const { query, paging, tags } = mapped;
  const nbHits = response.estimatedTotalHits;
  // The insights middleware sends clicks with the result's queryID: kensaku's queryId (absent with ANALYTICS=off).
  const queryID = typeof response.queryId === 'string' && response.queryId ? response.queryId : undefined;
  return {
    index: indexName,
    ...(queryID ? { queryID } : {}),
    hits: response.hits.map((hit) => toHit(hit, query.q, tags, queryID)),
    nbHits,
    nbPages: pageCount(nbHits, paging.hitsPerPage),
    page: paging.page,
    hitsPerPage: paging.hitsPerPage,
    processingTimeMS: Math.round(response.processingTimeMs.total),
    query: query.q,
    params,
    exhaustiveNbHits: false,
    exhaustiveFacetsCount: !response.facetsEstimated,
    facets: response.facetDistribution || {},
  };
}
