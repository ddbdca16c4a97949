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
 * _snippetResult.text), nbHits = estimatedTotalHits, nbPages, page, hitsPerPage, processingTimeMS, query, params
 * (the /search query string), exhaustiveNbHits false, facets = facetDistribution. No facets_stats.
 * Highlights: kensaku marks with InstantSearch's __ais-highlight__ tags; the snippet is unescaped to plain text and
 * the answer's <strong> dropped, for InstantSearch to escape and mark. The title, which kensaku leaves unmarked, is
 * marked here where the snippet's marked words or the query's terms occur in it. With escapeHTML: false (other
 * tags) values stay kensaku's escaped HTML.
 * searchForFacetValues: the facet's counts for the current query and filters, keeping the values with a word that
 * starts with the typed text.
 */
// Built from web/instantsearch/ by web/build.ts (npm run build:web): edit the sources, not this file.

// web/instantsearch/attributes.ts
var FILTERABLE = ["documentId", "tags", "source", "hasVector", "ordinal"];
var DEFAULT_FACETS = ["tags", "source"];
function isFilterable(name) {
  return FILTERABLE.indexOf(name) >= 0;
}
function filterable(name, where) {
  if (!isFilterable(name)) {
    throw new Error(`kensaku instantsearch: ${where} on ${JSON.stringify(name)} is not supported; kensaku filters on ${FILTERABLE.join(", ")}`);
  }
  return name;
}

// web/instantsearch/highlight.ts
var AIS_PRE_TAG = "__ais-highlight__";
var AIS_POST_TAG = "__/ais-highlight__";
function isPlain(tags) {
  return tags.pre === AIS_PRE_TAG && tags.post === AIS_POST_TAG;
}
var ENTITIES = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };
var ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
function unescapeHtml(html) {
  return html.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);
}
function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}
function snippetValue(snippet, tags) {
  const html = snippet.replace(/<\/?strong>/g, "");
  return isPlain(tags) ? unescapeHtml(html) : html;
}
function matchedWords(value, tags) {
  const words = [];
  let from = 0;
  for (; ; ) {
    const start = value.indexOf(tags.pre, from);
    if (start < 0) break;
    const end = value.indexOf(tags.post, start + tags.pre.length);
    if (end < 0) break;
    const raw = value.slice(start + tags.pre.length, end);
    const word = isPlain(tags) ? raw : unescapeHtml(raw);
    if (word && words.indexOf(word) < 0) words.push(word);
    from = end + tags.post.length;
  }
  return words;
}
var fold = (s) => s.normalize("NFKC").toLowerCase();
var WORD_CHAR = /[\p{L}\p{N}]/u;
function matchLevel(words, query) {
  if (!words.length) return "none";
  const marked = words.map(fold).sort((a, b) => b.length - a.length);
  const terms = fold(query).split(/\s+/).filter(Boolean);
  const covered = terms.every((term) => !WORD_CHAR.test(marked.reduce((rest, w) => rest.split(w).join(""), term)));
  return covered ? "full" : "partial";
}
function markWords(text, words, tags) {
  const longest = words.filter(Boolean).map((w) => w.toLowerCase()).sort((a, b) => b.length - a.length);
  const part = isPlain(tags) ? (s) => s : escapeHtml;
  let out = "";
  let plain = "";
  for (let i = 0; i < text.length; ) {
    const word = longest.find((w) => text.slice(i, i + w.length).toLowerCase() === w);
    if (word) {
      out += part(plain) + tags.pre + part(text.slice(i, i + word.length)) + tags.post;
      plain = "";
      i += word.length;
    } else {
      plain += text.charAt(i);
      i++;
    }
  }
  return out + part(plain);
}
function titleWords(snippetWords, query) {
  const words = snippetWords.slice();
  for (const term of query.trim().split(/\s+/)) if (term && words.indexOf(term) < 0) words.push(term);
  return words;
}
function highlightValue(value, query, tags) {
  const words = matchedWords(value, tags);
  return { value, matchLevel: matchLevel(words, query), matchedWords: words };
}

// web/instantsearch/facet-values.ts
var fold2 = (s) => s.normalize("NFKC").toLowerCase();
var SEPARATOR = /[\s\-_/・]/;
function prefixAt(value, prefix) {
  const v = fold2(value);
  const p = fold2(prefix);
  if (!p) return 0;
  for (let i = 0; i < v.length; i++) {
    if ((i === 0 || SEPARATOR.test(v.charAt(i - 1))) && v.startsWith(p, i)) return i;
  }
  return -1;
}
function highlighted(value, at, length, tags) {
  const part = isPlain(tags) ? (s) => s : escapeHtml;
  if (!length || fold2(value).length !== value.length) return part(value);
  return part(value.slice(0, at)) + tags.pre + part(value.slice(at, at + length)) + tags.post + part(value.slice(at + length));
}
function facetHits(counts, facetQuery, max, tags) {
  const hits = [];
  for (const value of Object.keys(counts || {})) {
    const at = prefixAt(value, facetQuery);
    if (at >= 0) hits.push({ value, count: counts[value], at, highlighted: "" });
  }
  hits.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return hits.slice(0, max).map(({ value, count, at }) => ({ value, count, highlighted: highlighted(value, at, fold2(facetQuery).length, tags) }));
}

// web/instantsearch/http.ts
function isRecord(v) {
  return typeof v === "object" && v !== null;
}
async function getSearch(base, apiKey, queryString2) {
  const headers = { Accept: "application/json" };
  if (apiKey) headers.Authorization = "Bearer " + apiKey;
  let res;
  try {
    res = await fetch(`${base}/search?${queryString2}`, { headers });
  } catch (e) {
    throw new Error(`kensaku instantsearch: no answer from ${base}/search (${e instanceof Error ? e.message : String(e)})`);
  }
  let body;
  try {
    body = await res.json();
  } catch {
    body = void 0;
  }
  if (!res.ok) {
    const err = isRecord(body) && isRecord(body.error) ? body.error : null;
    throw new Error(`kensaku instantsearch: /search answered ${res.status}` + (err ? ` ${String(err.code)}: ${String(err.message)}` : ""));
  }
  if (!isRecord(body) || !Array.isArray(body.hits)) throw new Error(`kensaku instantsearch: /search answered ${res.status} without a search response`);
  return body;
}

// web/instantsearch/filters.ts
function quote(value) {
  return '"' + value.replace(/[\\"]/g, "\\$&") + '"';
}
function facetClause(filter) {
  let negated = false;
  let rest = filter;
  if (rest.charAt(0) === "-") {
    negated = true;
    rest = rest.slice(1);
  }
  const colon = rest.indexOf(":");
  if (colon < 0) throw new Error(`kensaku instantsearch: facet filter ${JSON.stringify(filter)} is not "attribute:value"`);
  const attribute = filterable(rest.slice(0, colon).trim(), "a facet filter");
  let value = rest.slice(colon + 1);
  if (value.charAt(0) === "-") {
    negated = !negated;
    value = value.slice(1);
  } else if (value.slice(0, 2) === "\\-") {
    value = value.slice(1);
  }
  const clause = `${attribute} = ${quote(value)}`;
  return negated ? `NOT ${clause}` : clause;
}
var NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
function numberLiteral(raw, filter) {
  const n = NUMBER.test(raw.trim()) ? Number(raw) : NaN;
  const text = String(n);
  if (!isFinite(n) || /e/i.test(text)) throw new Error(`kensaku instantsearch: ${JSON.stringify(raw)} in numeric filter ${JSON.stringify(filter)} is not a usable number`);
  return text;
}
var COMPARISON = /^\s*([^\s<>=!:]+)\s*(<=|>=|!=|<|>|=)\s*(\S+)\s*$/;
var RANGE = /^\s*([^\s<>=!:]+)\s*:\s*(\S+)\s+TO\s+(\S+)\s*$/;
function numericClause(filter) {
  const range = RANGE.exec(filter);
  if (range) {
    const attribute = filterable(range[1], "a numeric filter");
    return `${attribute} ${numberLiteral(range[2], filter)} TO ${numberLiteral(range[3], filter)}`;
  }
  const m = COMPARISON.exec(filter);
  if (!m) throw new Error(`kensaku instantsearch: numeric filter ${JSON.stringify(filter)} is not "attribute<op>number" or "attribute:low TO high"`);
  return `${filterable(m[1], "a numeric filter")} ${m[2]} ${numberLiteral(m[3], filter)}`;
}
function conjunction(filters, clause) {
  if (filters === void 0 || filters === null) return [];
  const outer = typeof filters === "string" ? [filters] : filters;
  if (!Array.isArray(outer)) throw new Error("kensaku instantsearch: filters must be a string or an array");
  const parts = [];
  for (const item of outer) {
    if (typeof item === "string") {
      parts.push(clause(item));
      continue;
    }
    if (!Array.isArray(item)) throw new Error("kensaku instantsearch: a filter group must be an array of strings");
    const ors = item.map((f) => {
      if (typeof f !== "string") throw new Error("kensaku instantsearch: nested filter groups are not supported");
      return clause(f);
    });
    if (ors.length === 1) parts.push(ors[0]);
    else if (ors.length > 1) parts.push(`(${ors.join(" OR ")})`);
  }
  return parts;
}
function groupedFilters(raw) {
  let depth = 0;
  let inQuote = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charAt(i);
    if (inQuote) {
      if (c === "\\") i++;
      else if (c === inQuote) inQuote = "";
    } else if (c === '"' || c === "'") inQuote = c;
    else if (c === "(") depth++;
    else if (c === ")" && --depth < 0) break;
  }
  if (inQuote || depth !== 0) throw new Error(`kensaku instantsearch: filters ${JSON.stringify(raw)} has unbalanced quotes or parentheses`);
  return `(${raw})`;
}
function buildFilter(params) {
  if (params.filters !== void 0 && typeof params.filters !== "string") throw new Error("kensaku instantsearch: filters must be a string");
  const parts = [
    ...typeof params.filters === "string" && params.filters.trim() ? [groupedFilters(params.filters.trim())] : [],
    ...conjunction(params.facetFilters, facetClause),
    ...conjunction(params.numericFilters, numericClause)
  ];
  return parts.length ? parts.join(" AND ") : void 0;
}

// web/instantsearch/paging.ts
var MAX_DEPTH = 1e3;
var MAX_LIMIT = 100;
var DEFAULT_HITS_PER_PAGE = 20;
function wholeNumber(v, fallback) {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() ? Number(v) : NaN;
  return isFinite(n) && n >= 0 ? Math.floor(n) : fallback;
}
function reachablePages(hitsPerPage) {
  return hitsPerPage > 0 ? Math.floor(MAX_DEPTH / hitsPerPage) : 0;
}
function paging(rawPage, rawHitsPerPage) {
  const hitsPerPage = Math.min(MAX_LIMIT, wholeNumber(rawHitsPerPage, DEFAULT_HITS_PER_PAGE));
  const page = Math.min(wholeNumber(rawPage, 0), Math.max(0, reachablePages(hitsPerPage) - 1));
  return { page, hitsPerPage, offset: page * hitsPerPage, limit: hitsPerPage };
}
function pageCount(nbHits, hitsPerPage) {
  if (hitsPerPage <= 0 || nbHits <= 0) return 0;
  return Math.min(Math.ceil(nbHits / hitsPerPage), reachablePages(hitsPerPage));
}

// web/instantsearch/map-request.ts
function requestedFacets(raw, all) {
  const list = raw === void 0 || raw === null ? [] : typeof raw === "string" ? [raw] : raw;
  const out = [];
  for (const name of list) {
    for (const facet of name === "*" ? all : [filterable(String(name), "faceting")]) {
      if (out.indexOf(facet) < 0) out.push(facet);
    }
  }
  return out;
}
function tagsOf(params) {
  const { highlightPreTag: pre, highlightPostTag: post } = params;
  return typeof pre === "string" && typeof post === "string" && pre && post ? { pre, post } : { pre: AIS_PRE_TAG, post: AIS_POST_TAG };
}
function mapRequest(request, settings) {
  const params = request.params || {};
  if (params.tagFilters !== void 0 && params.tagFilters !== "" && !(Array.isArray(params.tagFilters) && !params.tagFilters.length)) {
    throw new Error('kensaku instantsearch: tagFilters are not supported; filter on tags with facetFilters ("tags:value")');
  }
  const q = typeof params.query === "string" ? params.query : "";
  const page = paging(params.page, params.hitsPerPage);
  const tags = tagsOf(params);
  const countsOnly = page.limit === 0;
  return {
    query: {
      q,
      mode: countsOnly || !q.trim() ? "keyword" : settings.mode,
      limit: page.limit,
      offset: page.offset,
      filter: buildFilter(params),
      facets: requestedFacets(params.facets, settings.facets),
      highlightPreTag: tags.pre,
      highlightPostTag: tags.post
    },
    paging: page,
    tags
  };
}
function queryString(query) {
  const qs = new URLSearchParams();
  qs.set("q", query.q);
  qs.set("mode", query.mode);
  qs.set("limit", String(query.limit));
  if (query.offset) qs.set("offset", String(query.offset));
  if (query.filter) qs.set("filter", query.filter);
  if (query.facets.length) qs.set("facets", query.facets.join(","));
  qs.set("highlightPreTag", query.highlightPreTag);
  qs.set("highlightPostTag", query.highlightPostTag);
  return qs.toString();
}

// web/instantsearch/map-response.ts
function toHit(hit, query, tags) {
  const text = highlightValue(snippetValue(hit.snippet, tags), query, tags);
  const title = highlightValue(markWords(hit.title, titleWords(text.matchedWords, query), tags), query, tags);
  return {
    ...hit,
    objectID: hit.chunkId,
    _highlightResult: { title, text },
    _snippetResult: { text: { ...text, matchedWords: text.matchedWords.slice() } }
  };
}
function toResult(indexName, mapped, response, params) {
  const { query, paging: paging2, tags } = mapped;
  const nbHits = response.estimatedTotalHits;
  return {
    index: indexName,
    hits: response.hits.map((hit) => toHit(hit, query.q, tags)),
    nbHits,
    nbPages: pageCount(nbHits, paging2.hitsPerPage),
    page: paging2.page,
    hitsPerPage: paging2.hitsPerPage,
    processingTimeMS: Math.round(response.processingTimeMs.total),
    query: query.q,
    params,
    exhaustiveNbHits: false,
    exhaustiveFacetsCount: !response.facetsEstimated,
    facets: response.facetDistribution || {}
  };
}

// web/instantsearch/client.ts
var MODES = ["hybrid", "keyword", "semantic"];
var MAX_FACET_HITS = 100;
function settingsOf(options) {
  if (!options || typeof options.url !== "string" || !options.url) throw new Error("kensaku instantsearch: options.url (the kensaku base URL) is required");
  const mode = options.mode === void 0 ? "hybrid" : options.mode;
  if (MODES.indexOf(mode) < 0) throw new Error(`kensaku instantsearch: mode must be one of ${MODES.join(", ")}`);
  const facets = options.facets ? options.facets.map((f) => filterable(f, "faceting")) : DEFAULT_FACETS.slice();
  return { mode, facets };
}
function kensakuSearchClient(options) {
  const settings = settingsOf(options);
  const base = options.url.replace(/\/+$/, "");
  const run = async (request) => {
    const mapped = mapRequest(request, settings);
    const qs = queryString(mapped.query);
    return { mapped, qs, response: await getSearch(base, options.apiKey, qs) };
  };
  return {
    async search(requests) {
      const answers = await Promise.all(requests.map(run));
      return { results: answers.map(({ mapped, qs, response }, i) => toResult(requests[i].indexName, mapped, response, qs)) };
    },
    /** The facet's counts for the current query and filters, narrowed to the values with a word starting with facetQuery. */
    async searchForFacetValues(requests) {
      return Promise.all(
        requests.map(async ({ indexName, params }) => {
          const facet = filterable(String(params.facetName), "searchForFacetValues");
          const { mapped, response } = await run({ indexName, params: { ...params, facets: [facet], hitsPerPage: 0, page: 0 } });
          const max = Math.min(MAX_FACET_HITS, typeof params.maxFacetHits === "number" && params.maxFacetHits > 0 ? params.maxFacetHits : 10);
          const counts = response.facetDistribution ? response.facetDistribution[facet] : void 0;
          return {
            facetHits: facetHits(counts, typeof params.facetQuery === "string" ? params.facetQuery : "", max, mapped.tags),
            exhaustiveFacetsCount: !response.facetsEstimated,
            processingTimeMS: Math.round(response.processingTimeMs.total)
          };
        })
      );
    }
  };
}
export {
  kensakuSearchClient
};
