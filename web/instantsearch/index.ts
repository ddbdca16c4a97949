/*!
 * kensaku InstantSearch adapter (served at GET /instantsearch.js, an ES module; package @kensaku/instantsearch).
 * A searchClient for InstantSearch.js v4 over kensaku's GET /search. No dependencies; bundled from
 * web/instantsearch/ by web/build.ts.
 *
 * Use:
 *   <script src="…/instantsearch.production.min.js"></script>
 *   <script type="module">
 *     import { kensakuSearchClient } from 'https://search.example.com/instantsearch.js';
 *     const search = instantsearch({
 *       indexName: 'kensaku', // any name: kensaku has one index
 *       searchClient: kensakuSearchClient({ url: 'https://search.example.com', apiKey: 'ksk_… (a scoped key)' }),
 *     });
 *     search.addWidgets([instantsearch.widgets.searchBox({ container: '#q' }), …]);
 *     search.start();
 *   </script>
 * Options: url (required), apiKey (the search key), mode ('hybrid' default | 'keyword' | 'semantic'), facets (what
 * facets: ['*'] stands for; default ['tags', 'source']). The page's origin must be in kensaku's CORS_ORIGINS or among
 * the scoped key's origins (POST /keys).
 * searchBox searches on every keystroke, and in hybrid mode each search embeds the query: give it a debouncing
 * queryHook, or searchAsYouType: false.
 *
 * Each InstantSearch request is one GET /search (a search(requests) call runs them in parallel):
 *   query → q; page, hitsPerPage (default 20) → offset = page × hitsPerPage, limit = hitsPerPage, clamped to what
 *   /search serves, limit ≤ 100 and offset + limit ≤ 1000 (a page past that is served as the last whole page in
 *   reach, and nbPages counts only those). An empty query (a browse) or hitsPerPage 0 (facet counts only) goes as
 *   mode=keyword, so it costs no query embedding; hitsPerPage 0 also as limit=0.
 *   facets ('*' or names) → facets=; facetFilters ("attr:value", arrays: inner OR, outer AND; "attr:-value" or
 *   "-attr:value" negates) and numericFilters ("ordinal>=3", "ordinal:1 TO 5") → filter=, on documentId, tags,
 *   source, hasVector, ordinal only (anything else throws), string values quoted and escaped, numbers checked.
 *   A caller's own `filters` string is passed as one parenthesised whole, ANDed with the rest, and refused when its
 *   quotes or parentheses are unbalanced. tagFilters throw (use facetFilters on tags).
 * Each result: hits (kensaku's hits as they are, plus objectID = chunkId, _highlightResult.title/.text and
 * _snippetResult.text; `url` is the page at the hit's section, `#anchor` included, for a template's link), nbHits = estimatedTotalHits, nbPages, page, hitsPerPage, processingTimeMS, query, params
 * (the /search query string), exhaustiveNbHits false, facets = facetDistribution. No facets_stats.
 * Highlights: kensaku marks with InstantSearch's __ais-highlight__ tags; the snippet is unescaped to plain text and
 * the answer's <strong> dropped, for InstantSearch to escape and mark. The title, which kensaku leaves unmarked, is
 * marked here where the snippet's marked words or the query's terms occur in it. With escapeHTML: false (other
 * tags) values stay kensaku's escaped HTML.
 * Clicks: each result carries queryID (kensaku's queryId) and its hits __queryID, so InstantSearch's insights middleware
 * can send them; give it kensakuInsightsClient({ url, apiKey }), which posts clickedObjectIDsAfterSearch (queryID,
 * objectIDs = chunkIds, positions) to POST /events:
 *   search.use(instantsearch.middlewares.createInsightsMiddleware({ insightsClient: kensakuInsightsClient({ url, apiKey }) }));
 * Query suggestions: a request for an index named `…_query_suggestions` (or the querySuggestionsIndex option) is a
 * GET /suggest?q=<query>&limit=<hitsPerPage, 1–20, default 5>, answered as hits { query, objectID, source,
 * _highlightResult.query } (the typed prefix marked), so index({ indexName: 'chunks_query_suggestions' }) with a hits
 * widget renders them, as with Algolia's Query Suggestions.
 * searchForFacetValues: the facet's counts for the current query and filters, keeping the values with a word that
 * starts with the typed text.
 */
export { kensakuSearchClient, type KensakuSearchClientOptions } from './client.ts';
export { kensakuInsightsClient, type KensakuInsightsClientOptions } from './insights.ts';
export type { Hit, SearchClient, SearchResult, SuggestionHit, SuggestionsResult } from './types.ts';
