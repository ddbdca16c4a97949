import { DEFAULT_FACETS, filterable, type Filterable } from './attributes.ts';
import { facetHits } from './facet-values.ts';
import { getSearch, getSuggest } from './http.ts';
import { mapRequest, queryString, type RequestSettings } from './map-request.ts';
import { toResult } from './map-response.ts';
import { isSuggestionsIndex, suggestQuery, toSuggestionsResult } from './suggestions.ts';
import type { FacetSearchRequest, FacetSearchResult, SearchClient, SearchMode, SearchRequest } from './types.ts';

export interface KensakuSearchClientOptions {
  /** kensaku's base URL, e.g. https://search.example.com: requests go to `${url}/search`. */
  url: string;
  /** Sent as Authorization: Bearer <apiKey>: the search key, never the admin key (it is in the page). */
  apiKey?: string;
  /** For non-empty queries with hits; default hybrid. */
  mode?: SearchMode;
  /** What `facets: ['*']` stands for; default tags and source. */
  facets?: string[];
  /**
   * The index name whose requests are query suggestions (GET /suggest) rather than searches; default: any name ending
   * in `_query_suggestions` (Algolia's naming), e.g. `chunks_query_suggestions`.
   */
  querySuggestionsIndex?: string;
}

const MODES: readonly SearchMode[] = ['hybrid', 'keyword', 'semantic'];
const MAX_FACET_HITS = 100;

function settingsOf(options: KensakuSearchClientOptions): RequestSettings {
  if (!options || typeof options.url !== 'string' || !options.url)
    throw new Error('kensaku instantsearch: options.url (the kensaku base URL) is required');
  const mode = options.mode === undefined ? 'hybrid' : options.mode;
  if (MODES.indexOf(mode) < 0) throw new Error(`kensaku instantsearch: mode must be one of ${MODES.join(', ')}`);
  const facets: Filterable[] = options.facets
    ? options.facets.map((f) => filterable(f, 'faceting'))
    : DEFAULT_FACETS.slice();
  return { mode, facets };
}

/** An InstantSearch.js searchClient over kensaku's GET /search: one HTTP request per InstantSearch request, in parallel. */
export function kensakuSearchClient(options: KensakuSearchClientOptions): SearchClient {
  const settings = settingsOf(options);
  const base = options.url.replace(/\/+$/, '');
  const run = async (request: SearchRequest) => {
    const mapped = mapRequest(request, settings);
    const qs = queryString(mapped.query);
    return { mapped, qs, response: await getSearch(base, options.apiKey, qs) };
  };

  const suggest = async (request: SearchRequest) => {
    const query = suggestQuery(request.params);
    const qs = `q=${encodeURIComponent(query.q)}&limit=${query.limit}`;
    const started = typeof performance !== 'undefined' ? performance.now() : Date.now();
    const answer = await getSuggest(base, options.apiKey, qs);
    const ms = (typeof performance !== 'undefined' ? performance.now() : Date.now()) - started;
    return toSuggestionsResult(request.indexName, query, answer.suggestions, qs, ms);
  };

  return {
    async search(requests: readonly SearchRequest[]) {
      return {
        results: await Promise.all(
          requests.map(async (request) => {
            if (isSuggestionsIndex(request.indexName, options.querySuggestionsIndex)) return suggest(request);
            const { mapped, qs, response } = await run(request);
            return toResult(request.indexName, mapped, response, qs);
          }),
        ),
      };
    },

    /** The facet's counts for the current query and filters, narrowed to the values with a word starting with facetQuery. */
    async searchForFacetValues(requests: readonly FacetSearchRequest[]): Promise<FacetSearchResult[]> {
      return Promise.all(
        requests.map(async ({ indexName, params }) => {
          const facet = filterable(String(params.facetName), 'searchForFacetValues');
          const { mapped, response } = await run({
            indexName,
            params: { ...params, facets: [facet], hitsPerPage: 0, page: 0 },
          });
          const max = Math.min(
            MAX_FACET_HITS,
            typeof params.maxFacetHits === 'number' && params.maxFacetHits > 0 ? params.maxFacetHits : 10,
          );
          const counts = response.facetDistribution ? response.facetDistribution[facet] : undefined;
          return {
            facetHits: facetHits(
              counts,
              typeof params.facetQuery === 'string' ? params.facetQuery : '',
              max,
              mapped.tags,
            ),
            exhaustiveFacetsCount: !response.facetsEstimated,
            processingTimeMS: Math.round(response.processingTimeMs.total),
          };
        }),
      );
    },
  };
}
