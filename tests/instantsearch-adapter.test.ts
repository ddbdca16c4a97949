/**
 * The InstantSearch adapter's pure parts (web/instantsearch): what an InstantSearch request becomes on kensaku's
 * /search, the filter builder under hostile values, the highlight conversion and the page count. The adapter against
 * the real service, in a real browser, is tests/instantsearch.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { FILTERABLE as STORE_FILTERABLE } from '../store/settings.ts';
import { FILTERABLE } from '../web/instantsearch/attributes.ts';
import { facetHits } from '../web/instantsearch/facet-values.ts';
import { buildFilter, facetClause, groupedFilters, numericClause, quote } from '../web/instantsearch/filters.ts';
import {
  AIS_POST_TAG,
  AIS_PRE_TAG,
  markWords,
  matchedWords,
  matchLevel,
  snippetValue,
  titleWords,
  unescapeHtml,
} from '../web/instantsearch/highlight.ts';
import { mapRequest, queryString, requestedFacets, type RequestSettings } from '../web/instantsearch/map-request.ts';
import { toResult } from '../web/instantsearch/map-response.ts';
import { MAX_DEPTH, pageCount, paging } from '../web/instantsearch/paging.ts';
import { MAX_DEPTH as SERVER_MAX_DEPTH, MAX_FACETS } from '../api/search-schemas.ts';
import { kensakuSearchClient } from '../web/instantsearch/client.ts';
import { kensakuInsightsClient, sendClicks } from '../web/instantsearch/insights.ts';
import {
  isSuggestionsIndex,
  suggestionValue,
  suggestQuery,
  toSuggestionsResult,
} from '../web/instantsearch/suggestions.ts';
import type { ClickEvent } from '../web/shared/events.ts';
import type { KensakuResponse, SearchParameters } from '../web/instantsearch/types.ts';

const AIS = { pre: AIS_PRE_TAG, post: AIS_POST_TAG };
const HTML = { pre: '<em>', post: '</em>' };
const SETTINGS: RequestSettings = { mode: 'hybrid', facets: ['tags', 'source'] };
const map = (params: SearchParameters, settings = SETTINGS) => mapRequest({ indexName: 'kensaku', params }, settings);

/**
 * Reads a Meilisearch double-quoted literal as its parser does (crates/filter-parser value.rs: a backslash escapes the
 * next character, then \" and \\ are unescaped). Returns the value and what follows the closing quote.
 */
function readLiteral(s: string): { value: string; rest: string } {
  expect(s.charAt(0)).toBe('"');
  let value = '';
  for (let i = 1; i < s.length; i++) {
    const c = s.charAt(i);
    if (c === '\\') value += s.charAt(++i);
    else if (c === '"') return { value, rest: s.slice(i + 1) };
    else value += c;
  }
  throw new Error(`unterminated literal ${s}`);
}

const HOSTILE = [
  'a" OR tags = "b',
  'back\\slash',
  'ends with \\',
  '\\"',
  ') OR (documentId EXISTS',
  "it's 'quoted'",
  '外交・安全保障',
  '🇯🇵 emoji 𠮷野家',
  'line\nbreak\ttab',
  'colon: value: more',
  'AND',
  '',
];

describe('filter builder', () => {
  it('filters only on what kensaku can filter on', () => {
    expect([...FILTERABLE]).toEqual([...STORE_FILTERABLE]);
  });

  it('quotes every string value so it reads back as itself and nothing follows it', () => {
    for (const value of HOSTILE) {
      const literal = quote(value);
      expect(readLiteral(literal), value).toEqual({ value, rest: '' });
      const clause = facetClause(`tags:${value}`);
      expect(clause.startsWith('tags = "'), clause).toBe(true);
      expect(readLiteral(clause.slice('tags = '.length)), value).toEqual({ value, rest: '' });
    }
    expect(facetClause('tags:a" OR tags = "b')).toBe('tags = "a\\" OR tags = \\"b"');
    expect(facetClause('source:ends with \\')).toBe('source = "ends with \\\\"');
  });

  it('negates a leading "-" of the value or the filter, and reads the helper\'s "\\-" as a value starting with "-"', () => {
    expect(facetClause('tags:-外交')).toBe('NOT tags = "外交"');
    expect(facetClause('-tags:外交')).toBe('NOT tags = "外交"');
    expect(facetClause('tags:\\-外交')).toBe('tags = "-外交"');
    expect(facetClause('hasVector:true')).toBe('hasVector = "true"');
  });

  it('refuses an attribute outside the allow-list, with an error naming it and what is allowed', () => {
    for (const filter of [
      'title:会談',
      'tags OR 1:x',
      '(tags:x',
      'tags) OR (source:x',
      '_geoRadius(1,2,3):x',
      'tags',
    ]) {
      expect(() => facetClause(filter), filter).toThrow(
        /kensaku instantsearch: .*(not supported; kensaku filters on documentId, tags, source, hasVector, ordinal|is not "attribute:value")/,
      );
    }
    expect(() => numericClause('price>=3')).toThrow(/a numeric filter on "price" is not supported/);
  });

  it('writes numbers only when they are finite numbers Meilisearch reads unquoted', () => {
    expect(numericClause('ordinal>=3')).toBe('ordinal >= 3');
    expect(numericClause('ordinal != -2.5')).toBe('ordinal != -2.5');
    expect(numericClause('ordinal<10')).toBe('ordinal < 10');
    expect(numericClause('ordinal:1 TO 5')).toBe('ordinal 1 TO 5');
    for (const bad of [
      'ordinal>=3 OR tags = x',
      'ordinal>=NaN',
      'ordinal>=Infinity',
      'ordinal>=1e400',
      'ordinal>=1e21',
      'ordinal>=0x10',
      'ordinal>="3"',
      'ordinal>=',
      'ordinal=>3',
      'ordinal:1 TO x',
    ]) {
      expect(() => numericClause(bad), bad).toThrow(/kensaku instantsearch/);
    }
  });

  it('ANDs the outer array and ORs inner arrays, facet and numeric filters together', () => {
    expect(buildFilter({})).toBeUndefined();
    expect(buildFilter({ facetFilters: [] })).toBeUndefined();
    expect(buildFilter({ facetFilters: 'tags:外交' })).toBe('tags = "外交"');
    expect(
      buildFilter({
        facetFilters: [['tags:外交', 'tags:経済'], 'source:mofa', ['tags:文化']],
        numericFilters: ['ordinal>=1', ['ordinal<3', 'ordinal>8']],
      }),
    ).toBe(
      '(tags = "外交" OR tags = "経済") AND source = "mofa" AND tags = "文化" AND ordinal >= 1 AND (ordinal < 3 OR ordinal > 8)',
    );
    expect(() => buildFilter({ facetFilters: [[['tags:x']]] as never })).toThrow(/nested filter groups/);
  });

  it("keeps a caller's own filters as one parenthesised whole, and refuses one that could break out of it", () => {
    expect(groupedFilters('tags = "a" OR tags = "b"')).toBe('(tags = "a" OR tags = "b")');
    expect(buildFilter({ filters: 'tags = "a" OR tags = "b"', facetFilters: ['source:x'] })).toBe(
      '(tags = "a" OR tags = "b") AND source = "x"',
    );
    expect(groupedFilters("tags = \"a)\" OR tags = '(b\\''")).toBe("(tags = \"a)\" OR tags = '(b\\'')");
    for (const bad of ['tags = "a") OR (tags = "b"', 'tags = "a', ')', '(tags = "a"', 'tags = "a\\"']) {
      expect(() => groupedFilters(bad), bad).toThrow(/unbalanced/);
    }
    expect(buildFilter({ filters: '   ' })).toBeUndefined();
  });
});

describe('request mapping', () => {
  it('turns page and hitsPerPage into offset and limit, and sends the query, mode and InstantSearch highlight tags', () => {
    const { query, paging: p } = map({
      query: '普天間',
      page: 2,
      hitsPerPage: 5,
      highlightPreTag: AIS_PRE_TAG,
      highlightPostTag: AIS_POST_TAG,
    });
    expect(p).toEqual({ page: 2, hitsPerPage: 5, offset: 10, limit: 5 });
    expect(query).toEqual({
      q: '普天間',
      mode: 'hybrid',
      limit: 5,
      offset: 10,
      filter: undefined,
      facets: [],
      highlightPreTag: AIS_PRE_TAG,
      highlightPostTag: AIS_POST_TAG,
    });
    const qs = new URLSearchParams(queryString(query));
    expect(Object.fromEntries(qs)).toEqual({
      q: '普天間',
      mode: 'hybrid',
      limit: '5',
      offset: '10',
      highlightPreTag: AIS_PRE_TAG,
      highlightPostTag: AIS_POST_TAG,
    });
    expect(queryString(query)).toContain('q=%E6%99%AE%E5%A4%A9%E9%96%93'); // percent-encoded UTF-8, as /search requires
  });

  it('defaults like InstantSearch: page 0, 20 hits, its highlight tags', () => {
    expect(map({ query: '会談' }).query).toMatchObject({
      limit: 20,
      offset: 0,
      highlightPreTag: AIS_PRE_TAG,
      highlightPostTag: AIS_POST_TAG,
    });
    expect(map({ query: '会談' }, { mode: 'semantic', facets: ['tags'] }).query.mode).toBe('semantic');
    expect(mapRequest({ indexName: 'x' }, SETTINGS).query).toMatchObject({ q: '', mode: 'keyword', limit: 20 });
  });

  it('sends an empty query and a counts-only request as keyword searches, so neither embeds the query', () => {
    expect(map({ query: '' }).query.mode).toBe('keyword');
    expect(map({ query: ' \t　' }).query.mode).toBe('keyword'); // the ideographic space of a Japanese IME too
    const counts = map({ query: '会談', hitsPerPage: 0, page: 0, facets: 'tags', facetFilters: [['source:x']] });
    expect(counts.query).toMatchObject({
      mode: 'keyword',
      limit: 0,
      offset: 0,
      facets: ['tags'],
      filter: 'source = "x"',
    });
    expect(new URLSearchParams(queryString(counts.query)).get('limit')).toBe('0');
  });

  it('clamps paging to what /search accepts instead of failing', () => {
    expect(MAX_DEPTH).toBe(SERVER_MAX_DEPTH);
    expect(paging(500, 5)).toEqual({ page: 199, hitsPerPage: 5, offset: 995, limit: 5 });
    expect(paging(3, 250)).toEqual({ page: 3, hitsPerPage: 100, offset: 300, limit: 100 });
    expect(paging(11, 100)).toEqual({ page: 9, hitsPerPage: 100, offset: 900, limit: 100 });
    expect(paging(200, 7)).toEqual({ page: 141, hitsPerPage: 7, offset: 987, limit: 7 });
    expect(paging(-1, 'x')).toEqual({ page: 0, hitsPerPage: 20, offset: 0, limit: 20 });
    expect(paging('2', '7')).toEqual({ page: 2, hitsPerPage: 7, offset: 14, limit: 7 });
    for (let page = 0; page < 400; page += 7) {
      for (const hpp of [1, 3, 5, 7, 20, 33, 100]) {
        const p = paging(page, hpp);
        expect(p.offset + p.limit).toBeLessThanOrEqual(SERVER_MAX_DEPTH);
        expect(p.page).toBeLessThan(pageCount(1_000_000, hpp));
      }
    }
  });

  it("asks for facets: '*' as the client's list, names only from the allow-list", () => {
    expect(requestedFacets(['*'], ['tags', 'source'])).toEqual(['tags', 'source']);
    expect(requestedFacets(['tags', '*', 'documentId'], ['tags'])).toEqual(['tags', 'documentId']);
    expect(requestedFacets('source', ['tags'])).toEqual(['source']);
    expect(requestedFacets(undefined, ['tags'])).toEqual([]);
    expect(requestedFacets(['*', ...FILTERABLE], FILTERABLE).length).toBeLessThanOrEqual(MAX_FACETS); // never over /search's limit
    expect(() => requestedFacets(['title'], ['tags'])).toThrow(/faceting on "title" is not supported/);
    expect(new URLSearchParams(queryString(map({ query: 'x', facets: ['*'] }).query)).get('facets')).toBe(
      'tags,source',
    );
  });

  it('puts the filters into one filter parameter and refuses tagFilters', () => {
    const { query } = map({
      query: '会談',
      facetFilters: [['tags:外交', 'tags:経済']],
      numericFilters: ['ordinal>=2'],
    });
    expect(new URLSearchParams(queryString(query)).get('filter')).toBe(
      '(tags = "外交" OR tags = "経済") AND ordinal >= 2',
    );
    expect(map({ query: 'x', tagFilters: '' }).query.filter).toBeUndefined();
    expect(() => map({ query: 'x', tagFilters: ['news'] })).toThrow(/tagFilters are not supported/);
  });

  it('checks its options when the client is made', () => {
    expect(() => kensakuSearchClient({ url: '' })).toThrow(/options.url/);
    expect(() => kensakuSearchClient({ url: 'http://x', mode: 'fuzzy' as never })).toThrow(/mode must be one of/);
    expect(() => kensakuSearchClient({ url: 'http://x', facets: ['title'] })).toThrow(/faceting on "title"/);
    expect(typeof kensakuSearchClient({ url: 'http://x/' }).search).toBe('function');
  });
});

describe('highlight conversion', () => {
  const SNIPPET = `…旧字 &lt;b&gt;太字&lt;/b&gt; &amp;lt; &quot;引用&quot; it&#39;s <strong>${AIS_PRE_TAG}普天間${AIS_POST_TAG}飛行場の${AIS_PRE_TAG}移設${AIS_POST_TAG}。</strong>…`;

  it("gives InstantSearch plain text: entities decoded once, the answer's <strong> dropped, its own tags kept", () => {
    expect(snippetValue(SNIPPET, AIS)).toBe(
      `…旧字 <b>太字</b> &lt; "引用" it's ${AIS_PRE_TAG}普天間${AIS_POST_TAG}飛行場の${AIS_PRE_TAG}移設${AIS_POST_TAG}。…`,
    );
    expect(unescapeHtml('&amp;amp; &amp;#39; &#39;')).toBe("&amp; &#39; '");
  });

  it('keeps escaped HTML when InstantSearch asked for other tags (escapeHTML off inserts values as HTML)', () => {
    const html = '&lt;img src=x onerror=alert(1)&gt; <strong><em>普天間</em></strong> &amp;';
    expect(snippetValue(html, HTML)).toBe('&lt;img src=x onerror=alert(1)&gt; <em>普天間</em> &amp;');
    expect(markWords('<i>普天間</i> & 辺野古', ['普天間'], HTML)).toBe(
      '&lt;i&gt;<em>普天間</em>&lt;/i&gt; &amp; 辺野古',
    );
    expect(matchedWords('<em>a&amp;b</em>', HTML)).toEqual(['a&b']);
  });

  it('lists the marked words once each and rates the match', () => {
    const value = snippetValue(SNIPPET, AIS);
    expect(matchedWords(value, AIS)).toEqual(['普天間', '移設']);
    expect(matchLevel(['普天間', '移設'], '普天間 移設')).toBe('full');
    expect(matchLevel(['普天間', '移設'], '普天間移設')).toBe('full');
    expect(matchLevel(['普天間'], '普天間 移設')).toBe('partial');
    expect(matchLevel(['会談'], '会談はどこで')).toBe('partial');
    expect(matchLevel(['TPP'], 'tpp')).toBe('full');
    expect(matchLevel([], '普天間')).toBe('none');
    expect(matchedWords(`${AIS_PRE_TAG}unclosed`, AIS)).toEqual([]);
  });

  it("marks the title where the snippet's marked words or the query's terms occur, longest first, ignoring case", () => {
    expect(markWords('日米外相会談(概要)', ['会談', '外相会談'], AIS)).toBe(
      `日米${AIS_PRE_TAG}外相会談${AIS_POST_TAG}(概要)`,
    );
    expect(markWords('TPP交渉', ['tpp'], AIS)).toBe(`${AIS_PRE_TAG}TPP${AIS_POST_TAG}交渉`);
    expect(titleWords(['普天間'], ' 会談  普天間 ')).toEqual(['普天間', '会談']);
    expect(markWords('普天間と普天間', ['普天間'], AIS)).toBe(
      `${AIS_PRE_TAG}普天間${AIS_POST_TAG}と${AIS_PRE_TAG}普天間${AIS_POST_TAG}`,
    );
    expect(markWords('<b>題</b>', [], AIS)).toBe('<b>題</b>');
  });
});

const kensakuHit = (n: number) => ({
  documentId: `doc-${n}`,
  chunkId: `doc-${n}#0`,
  title: '日米外相会談',
  headingPath: ['2 日米関係'],
  text: '会談が行われた。',
  snippet: `${AIS_PRE_TAG}会談${AIS_POST_TAG}が行われた。`,
  score: 0.5,
  tags: ['外交'],
  explain: { keyword: { rank: n + 1, score: 0.9 }, semantic: null, lexical: null },
});

const response = (hits: number, total: number, extra: Partial<KensakuResponse> = {}): KensakuResponse =>
  ({
    query: '会談',
    mode: 'keyword',
    hits: Array.from({ length: hits }, (_, i) => kensakuHit(i)),
    estimatedTotalHits: total,
    degraded: [],
    warnings: {},
    keyword: null,
    fusion: null,
    processingTimeMs: { total: 12.6, embedding: 0, meilisearch: 10, keyword: 9, semantic: null },
    ...extra,
  }) as KensakuResponse;

describe('response mapping', () => {
  it('counts pages from the total, never more than kensaku can serve', () => {
    expect(pageCount(0, 5)).toBe(0);
    expect(pageCount(10, 5)).toBe(2);
    expect(pageCount(11, 5)).toBe(3);
    expect(pageCount(50, 0)).toBe(0);
    expect(pageCount(1_000_000, 5)).toBe(200); // offset + limit ≤ 1000
    expect(pageCount(1_000_000, 100)).toBe(10);
    expect(pageCount(1_000_000, 7)).toBe(142);
  });

  it('gives InstantSearch its result shape, with the kensaku hit fields kept', () => {
    const mapped = map({ query: '会談', page: 1, hitsPerPage: 5, facets: ['tags'] });
    const r = toResult(
      'kensaku',
      mapped,
      response(5, 12, { facetDistribution: { tags: { 外交: 7, 経済: 5 } }, facetsEstimated: false }),
      'q=x',
    );
    expect(r).toMatchObject({
      index: 'kensaku',
      nbHits: 12,
      nbPages: 3,
      page: 1,
      hitsPerPage: 5,
      processingTimeMS: 13,
      query: '会談',
      params: 'q=x',
      exhaustiveNbHits: false,
      exhaustiveFacetsCount: true,
      facets: { tags: { 外交: 7, 経済: 5 } },
    });
    const hit = r.hits[0];
    expect(hit).toMatchObject({
      objectID: 'doc-0#0',
      documentId: 'doc-0',
      headingPath: ['2 日米関係'],
      explain: { keyword: { rank: 1, score: 0.9 } },
      tags: ['外交'],
    });
    expect(hit._snippetResult.text).toEqual({
      value: `${AIS_PRE_TAG}会談${AIS_POST_TAG}が行われた。`,
      matchLevel: 'full',
      matchedWords: ['会談'],
    });
    expect(hit._highlightResult.text).toEqual(hit._snippetResult.text);
    expect(hit._highlightResult.title).toEqual({
      value: `日米外相${AIS_PRE_TAG}会談${AIS_POST_TAG}`,
      matchLevel: 'full',
      matchedWords: ['会談'],
    });
    // A chunk found by its title: nothing is marked in its snippet, the title shows why it matched.
    const byTitle = toResult(
      'kensaku',
      map({ query: '外相会談', hitsPerPage: 5 }),
      response(1, 1, { hits: [{ ...kensakuHit(0), snippet: '冒頭発言。' }] }),
      '',
    ).hits[0];
    expect(byTitle._snippetResult.text).toEqual({ value: '冒頭発言。', matchLevel: 'none', matchedWords: [] });
    expect(byTitle._highlightResult.title).toEqual({
      value: `日米${AIS_PRE_TAG}外相会談${AIS_POST_TAG}`,
      matchLevel: 'full',
      matchedWords: ['外相会談'],
    });
    expect(
      toResult('kensaku', map({ query: '', hitsPerPage: 0 }), response(0, 30, { facetsEstimated: true }), ''),
    ).toMatchObject({ hits: [], nbHits: 30, nbPages: 0, facets: {}, exhaustiveFacetsCount: false });
  });

  it("gives each hit the url InstantSearch templates link to: the page at the hit's section, with kensaku's anchor", () => {
    const url = 'https://docs.example.jp/guide/config.html#rebuild-index';
    const linked = { ...kensakuHit(0), url, anchor: 'rebuild-index' };
    const [hit, plain] = toResult(
      'kensaku',
      map({ query: '会談' }),
      response(2, 2, { hits: [linked, kensakuHit(1)] }),
      '',
    ).hits;
    expect(hit).toMatchObject({ objectID: 'doc-0#0', url, anchor: 'rebuild-index' });
    // A document posted without a url: no url, rather than a link to nowhere.
    expect(plain).not.toHaveProperty('url');
  });
});

describe('clicks through the insights middleware', () => {
  it("gives the result kensaku's queryId as queryID and each hit as __queryID; none with ANALYTICS=off", () => {
    const r = toResult('kensaku', map({ query: '会談' }), response(2, 2, { queryId: 'q.sig' }), '');
    expect(r.queryID).toBe('q.sig');
    expect(r.hits.map((h) => h.__queryID)).toEqual(['q.sig', 'q.sig']);
    const off = toResult('kensaku', map({ query: '会談' }), response(1, 1, { queryId: null }), '');
    expect(off).not.toHaveProperty('queryID');
    expect(off.hits[0]).not.toHaveProperty('__queryID');
  });

  it('turns clickedObjectIDsAfterSearch into one click per object at its position, and drops what is not a click', () => {
    const sent: ClickEvent[] = [];
    const events = { click: (e: ClickEvent) => sent.push(e) };
    expect(sendClicks(events, { queryID: 'q.sig', objectIDs: ['doc#3', 'doc#9'], positions: [4, 21] })).toBe(2);
    expect(sent).toEqual([
      { queryId: 'q.sig', chunkId: 'doc#3', position: 4 },
      { queryId: 'q.sig', chunkId: 'doc#9', position: 21 },
    ]);
    expect(sendClicks(events, { objectIDs: ['doc#3'], positions: [1] })).toBe(0); // no queryID: not after a search
    expect(sendClicks(events, { queryID: 'q', objectIDs: ['doc#3'] })).toBe(0); // a view: no positions
    expect(sendClicks(events, { queryID: 'q', objectIDs: [7], positions: ['1'] })).toBe(0);
    expect(sent).toHaveLength(2);
  });

  it('is a modern insights client (so the middleware asks for no Algolia appId) that takes every call without failing', () => {
    const aa = kensakuInsightsClient({ url: 'https://search.example.com/', apiKey: 'k' });
    expect(aa.version.split('.').map(Number)[0]).toBeGreaterThanOrEqual(2);
    let token: unknown = 'unset';
    aa('getUserToken', null, (_err: unknown, t: unknown) => {
      token = t;
    });
    expect(token).toBeUndefined();
    for (const method of ['init', 'addAlgoliaAgent', 'setUserToken', 'onUserTokenChange', 'viewedObjectIDs'])
      expect(() => aa(method, {})).not.toThrow();
    expect(() => kensakuInsightsClient({ url: '' })).toThrow(/options.url/);
  });
});

describe('query suggestions (the query-suggestions pattern over GET /suggest)', () => {
  it('answers an index named …_query_suggestions, or the one the option names', () => {
    expect(isSuggestionsIndex('chunks_query_suggestions', undefined)).toBe(true);
    expect(isSuggestionsIndex('chunks', undefined)).toBe(false);
    expect(isSuggestionsIndex('_query_suggestions', undefined)).toBe(false);
    expect(isSuggestionsIndex('completions', 'completions')).toBe(true);
    expect(isSuggestionsIndex('chunks_query_suggestions', 'completions')).toBe(false);
  });

  it("sends query and hitsPerPage as q and a limit within /suggest's 1–20", () => {
    expect(suggestQuery({ query: 'ふて', hitsPerPage: 8 })).toMatchObject({ q: 'ふて', limit: 8, tags: AIS });
    expect(suggestQuery(undefined)).toMatchObject({ q: '', limit: 5 });
    expect(suggestQuery({ hitsPerPage: 0 }).limit).toBe(1);
    expect(suggestQuery({ hitsPerPage: 500 }).limit).toBe(20);
    expect(suggestQuery({ highlightPreTag: '<em>', highlightPostTag: '</em>' }).tags).toEqual(HTML);
  });

  it("turns kensaku's marked, escaped HTML into InstantSearch's plain value, and never lets text become markup", () => {
    const s = { text: '<b>普天間 & 辺野古', source: 'title', highlighted: '&lt;b&gt;<mark>普天</mark>間 &amp; 辺野古' };
    expect(suggestionValue(s, AIS)).toBe(`<b>${AIS_PRE_TAG}普天${AIS_POST_TAG}間 & 辺野古`); // InstantSearch escapes it
    expect(suggestionValue(s, HTML)).toBe('&lt;b&gt;<em>普天</em>間 &amp; 辺野古'); // escapeHTML off: still escaped
    const byReading = { text: '<i>普天間', source: 'term' };
    expect(suggestionValue(byReading, AIS)).toBe('<i>普天間');
    expect(suggestionValue(byReading, HTML)).toBe('&lt;i&gt;普天間');
  });

  it('gives InstantSearch hits { query, objectID, _highlightResult.query } in a result of its shape', () => {
    const q = suggestQuery({ query: '普天', hitsPerPage: 3 });
    const r = toSuggestionsResult(
      'chunks_query_suggestions',
      q,
      [
        { text: '普天間飛行場', source: 'title', highlighted: '<mark>普天</mark>間飛行場' },
        { text: '普天間', source: 'query' },
      ],
      'q=%E6%99%AE%E5%A4%A9&limit=3',
      2.4,
    );
    expect(r).toMatchObject({ index: 'chunks_query_suggestions', nbHits: 2, nbPages: 1, page: 0, hitsPerPage: 3 });
    expect(r.hits[0]).toEqual({
      query: '普天間飛行場',
      objectID: '普天間飛行場',
      source: 'title',
      _highlightResult: {
        query: { value: `${AIS_PRE_TAG}普天${AIS_POST_TAG}間飛行場`, matchLevel: 'full', matchedWords: ['普天'] },
      },
    });
    expect(r.hits[1]._highlightResult.query).toEqual({ value: '普天間', matchLevel: 'none', matchedWords: [] });
  });
});

describe('searchForFacetValues on the client', () => {
  const counts = { 外交: 3, 外交史: 5, 経済: 9, 'foreign-policy': 2, Policy: 4, 文化: 1 };

  it('keeps the values with a word starting with the typed text, most frequent first, marked', () => {
    expect(facetHits(counts, '外交', 10, AIS)).toEqual([
      { value: '外交史', count: 5, highlighted: `${AIS_PRE_TAG}外交${AIS_POST_TAG}史` },
      { value: '外交', count: 3, highlighted: `${AIS_PRE_TAG}外交${AIS_POST_TAG}` },
    ]);
    expect(facetHits(counts, 'pol', 10, AIS).map((h) => h.highlighted)).toEqual([
      `${AIS_PRE_TAG}Pol${AIS_POST_TAG}icy`,
      `foreign-${AIS_PRE_TAG}pol${AIS_POST_TAG}icy`,
    ]);
    expect(facetHits(counts, '', 2, AIS).map((h) => h.value)).toEqual(['経済', '外交史']);
    expect(facetHits(counts, '史', 10, AIS)).toEqual([]);
    expect(facetHits(undefined, 'x', 10, AIS)).toEqual([]);
    expect(facetHits({ '<b>': 1 }, '<', 10, HTML)).toEqual([
      { value: '<b>', count: 1, highlighted: '<em>&lt;</em>b&gt;' },
    ]);
  });
});
