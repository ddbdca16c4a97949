/**
 * The InstantSearch adapter (GET /instantsearch.js, built from web/instantsearch) in a real browser: InstantSearch.js's
 * UMD build on a third-party page (its own origin, allowlisted in CORS_ORIGINS) imports the adapter from the API's
 * origin and drives searchBox, hits, pagination, refinementList and stats against the real service (real Meilisearch
 * from tests/setup, real HTTP on 127.0.0.1). Keyword mode, no model: nothing here needs the semantic leg.
 * What the page shows is compared with what kensaku's own /search answers for the same query and filter.
 *
 * Chromium missing is a failure (see tests/helpers/browser-env.ts), not a skip.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { closeAll, launchChromium, serveFetch, type HttpHandle } from './helpers/browser-env.ts';
import { UI_TIMEOUT } from './helpers/browser-pages.ts';
import { indexAllViaApi, SAMPLE_PATH, startTestService, type TestService } from './helpers/service.ts';
import { CORPUS } from './fixtures/instantsearch/corpus.ts';
import { serveInstantSearchHost } from './fixtures/instantsearch/host-server.ts';
import { kensakuSearchClient } from '../web/instantsearch/client.ts';
import type { Hit, KensakuResponse } from '../web/instantsearch/types.ts';

/** A search result's hits (the client's results may also be query suggestions, which these requests are not). */
const hitsOf = (r: { hits: unknown[] }) => r.hits as Hit[];

const ADMIN_KEY = 'admin-secret';
const SEARCH_KEY = 'search-key';
const HITS_PER_PAGE = 5;
const SAMPLE_ID = 'mofa-2014-02-07';
const XSS_ID = 'xss-note';
const XSS_TITLE = '<img src=x onerror=alert(1)>会談メモ';
const XSS_TEXT = '会談の記録には <b>太字</b> & "引用" &amp; と書かれていた。';
// A tag that would end the quoted value and add an OR if it were pasted into the filter as it is.
const HOSTILE_TAG = 'a"b\\c) OR (tags = "外交';
// A tag that would run if a facet search result's label (set as HTML by InstantSearch) were not escaped.
const XSS_TAG = '<img src=x onerror=alert(4)>';

/** What the page shows once an answer is rendered (set by the page's render listener). */
interface View {
  query: string;
  page: number;
  tags: string[];
  nbHits: number;
  hits: number;
}

declare global {
  interface Window {
    __view?: View;
  }
}

let browser: Browser | undefined;
let service: TestService | undefined;
let api: HttpHandle | undefined;
let host: HttpHandle | undefined;
let apiOrigin = '';
const contexts: BrowserContext[] = [];
let setupError: unknown = null;

/** A fresh page on the host site, with everything a user would see go wrong recorded. */
async function openHostPage() {
  if (setupError) throw setupError;
  if (!browser || !host) throw new Error('browser or host site not started');
  const context = await browser.newContext({ locale: 'ja-JP' });
  contexts.push(context);
  context.setDefaultTimeout(UI_TIMEOUT);
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${String(e)}`));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss().catch(() => {});
  });
  await page.goto(`${host.origin}/`);
  return { page, errors, dialogs };
}

/** Waits until the page has rendered the answer for this query, page and tag refinement. */
async function waitForView(page: Page, want: { query: string; page?: number; tags?: string[] }): Promise<View> {
  const handle = await page.waitForFunction(
    (w) => {
      const v = window.__view;
      return v && v.query === w.query && v.page === w.page && JSON.stringify(v.tags) === JSON.stringify(w.tags)
        ? v
        : null;
    },
    { query: want.query, page: want.page ?? 0, tags: [...(want.tags ?? [])].sort() },
    { timeout: UI_TIMEOUT },
  );
  return (await handle.jsonValue()) as View;
}

async function typeQuery(page: Page, q: string): Promise<View> {
  await page.locator('#searchbox .ais-SearchBox-input').fill(q);
  return waitForView(page, { query: q });
}

/** The hits as the user sees them. */
function shownHits(page: Page) {
  return page.locator('[data-testid="hit"]').evaluateAll((els) =>
    els.map((el) => ({
      chunkId: el.getAttribute('data-chunk-id')!,
      documentId: el.getAttribute('data-document-id')!,
      tags: (el.getAttribute('data-tags') ?? '').split(',').filter(Boolean),
      title: el.querySelector('[data-testid="title"]')!.textContent!,
      snippet: el.querySelector('[data-testid="snippet"]')!.textContent!,
      marks: [...el.querySelectorAll('[data-testid="snippet"] mark')].map((m) => m.textContent),
      titleMarks: [...el.querySelectorAll('[data-testid="title"] mark')].map((m) => m.textContent),
      html: el.innerHTML,
    })),
  );
}

/** The refinementList's items: label and count as shown. */
function shownTags(page: Page) {
  return page.locator('.ais-RefinementList-item').evaluateAll((els) =>
    els.map((el) => ({
      label: el.querySelector('.ais-RefinementList-labelText')!.textContent!,
      count: Number(el.querySelector('.ais-RefinementList-count')!.textContent),
      selected: el.classList.contains('ais-RefinementList-item--selected'),
    })),
  );
}

async function clickTag(page: Page, tag: string) {
  const labels = await page.locator('.ais-RefinementList-labelText').allTextContents();
  const i = labels.indexOf(tag);
  expect(i, `tag ${tag} in ${JSON.stringify(labels)}`).toBeGreaterThanOrEqual(0);
  await page.locator('.ais-RefinementList-item').nth(i).locator('.ais-RefinementList-checkbox').click();
}

const statsCount = async (page: Page) =>
  Number(await page.locator('[data-testid="stats"]').getAttribute('data-nbhits'));

/** kensaku's own answer from Node, with the search key, in the mode the page uses. */
async function apiSearch(params: Record<string, string>): Promise<KensakuResponse> {
  if (setupError) throw setupError;
  const res = await fetch(
    `${apiOrigin}/search?${new URLSearchParams({ mode: 'keyword', limit: String(HITS_PER_PAGE), ...params })}`,
    {
      headers: { authorization: `Bearer ${SEARCH_KEY}` },
    },
  );
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as KensakuResponse;
}

describe('InstantSearch.js with the kensaku adapter, in Chromium', () => {
  beforeAll(async () => {
    // A setup failure is kept and rethrown by every test, so each one fails with the reason instead of being skipped.
    try {
      browser = await launchChromium();
      host = await serveInstantSearchHost(() => ({
        apiOrigin,
        key: SEARCH_KEY,
        mode: 'keyword',
        hitsPerPage: HITS_PER_PAGE,
      }));
      service = await startTestService({ ADMIN_KEY, SEARCH_KEY, CORS_ORIGINS: host.origin }, { embeddings: false });
      api = await serveFetch(service.app.fetch);
      apiOrigin = api.origin;
      await indexAllViaApi(
        service.app,
        {
          documents: [
            { id: SAMPLE_ID, text: readFileSync(SAMPLE_PATH, 'utf8'), tags: ['外交'] },
            ...CORPUS,
            { id: XSS_ID, title: XSS_TITLE, text: XSS_TEXT, tags: ['文化', HOSTILE_TAG, XSS_TAG] },
          ],
        },
        { authorization: `Bearer ${ADMIN_KEY}` },
      );
    } catch (e) {
      setupError = e;
    }
  });

  afterEach(async () => {
    await closeAll(contexts.splice(0).map((c) => () => c.close()));
  });

  afterAll(async () => {
    await closeAll([
      browser && (() => browser!.close()),
      api && (() => api!.close()),
      host && (() => host!.close()),
      service && (() => service!.close()),
    ]);
  });

  it('GET /instantsearch.js is public code any site may import: no key, CORS *, a JavaScript module', async () => {
    if (setupError) throw setupError;
    const res = await fetch(`${apiOrigin}/instantsearch.js`, { headers: { origin: 'https://any.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = await res.text();
    expect(body).toMatch(/^\/\*!\n \* kensaku InstantSearch adapter/);
    expect(body).toMatch(/\nexport \{\n {2}kensakuInsightsClient,\n {2}kensakuSearchClient\n\};\n$/);
  });

  it('browses on load, then a Japanese query shows its hits with real <mark> highlights, as kensaku ranks them', async () => {
    const { page, errors, dialogs } = await openHostPage();

    // An empty query browses every chunk, with the tag counts beside it.
    const browse = await waitForView(page, { query: '' });
    const all = await apiSearch({ q: '', facets: 'tags' });
    expect(browse.nbHits).toBe(all.estimatedTotalHits);
    expect(await statsCount(page)).toBe(all.estimatedTotalHits);
    expect((await shownHits(page)).map((h) => h.chunkId)).toEqual(all.hits.map((h) => h.chunkId));
    const tags = await shownTags(page);
    for (const tag of ['外交', '経済', '文化'])
      expect(tags.find((t) => t.label === tag)?.count, tag).toBe(all.facetDistribution!.tags[tag]);

    await typeQuery(page, '普天間');
    const hits = await shownHits(page);
    const expected = await apiSearch({ q: '普天間' });
    expect(expected.hits.length).toBeGreaterThan(0);
    expect(hits.map((h) => h.chunkId)).toEqual(expected.hits.map((h) => h.chunkId));
    expect(hits[0].documentId).toBe(SAMPLE_ID);
    expect(hits[0].marks).toContain('普天間');
    for (const h of hits) {
      expect(h.snippet).not.toContain('<mark>'); // highlights are elements, never text
      expect(h.snippet).not.toContain('__ais-highlight__');
      expect(h.html).not.toContain('&lt;mark');
      expect(h.html).not.toContain('&lt;strong');
    }
    expect(await statsCount(page)).toBe(expected.estimatedTotalHits);
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  it('page 2 shows the next hits of the query, as kensaku ranks them at offset 5', async () => {
    const { page, errors } = await openHostPage();
    await waitForView(page, { query: '' });
    const first = await typeQuery(page, '会談');
    const expectedFirst = await apiSearch({ q: '会談' });
    expect(first.nbHits).toBe(expectedFirst.estimatedTotalHits);
    expect(first.nbHits).toBeGreaterThan(2 * HITS_PER_PAGE);
    const pageOne = await shownHits(page);
    expect(pageOne.map((h) => h.chunkId)).toEqual(expectedFirst.hits.map((h) => h.chunkId));
    expect(
      pageOne.every((h) => h.marks.includes('会談') || h.titleMarks.includes('会談')),
      JSON.stringify(pageOne, null, 1),
    ).toBe(true);

    const pageLinks = page.locator('.ais-Pagination-item--page .ais-Pagination-link');
    expect(await pageLinks.allTextContents()).toContain('2');
    await pageLinks.filter({ hasText: /^2$/ }).click();
    await waitForView(page, { query: '会談', page: 1 });
    const pageTwo = await shownHits(page);
    const expectedSecond = await apiSearch({ q: '会談', offset: String(HITS_PER_PAGE) });
    expect(pageTwo.map((h) => h.chunkId)).toEqual(expectedSecond.hits.map((h) => h.chunkId));
    expect(pageTwo.length).toBe(HITS_PER_PAGE);
    expect(pageTwo.filter((h) => pageOne.some((p) => p.chunkId === h.chunkId))).toEqual([]);
    expect(await page.locator('.ais-Pagination-item--selected').textContent()).toBe('2');

    // A corpus note's title holds the query: it is marked there too.
    await typeQuery(page, '日中首脳会談');
    const note = (await shownHits(page)).find((h) => h.documentId === 'note-01');
    expect(note?.title).toBe('日中首脳会談');
    expect(note?.titleMarks.join('')).toContain('会談');
    expect(errors).toEqual([]);
  });

  it("a tag narrows the hits, and the stats count becomes kensaku's count for that filter", async () => {
    const { page, errors } = await openHostPage();
    await waitForView(page, { query: '' });
    const before = await typeQuery(page, '会談');
    const unfiltered = await apiSearch({ q: '会談', facets: 'tags', limit: '0' });
    const shown = await shownTags(page);
    const economy = shown.find((t) => t.label === '経済');
    expect(economy?.count).toBe(unfiltered.facetDistribution!.tags.経済);

    await clickTag(page, '経済');
    const after = await waitForView(page, { query: '会談', tags: ['経済'] });
    const filtered = await apiSearch({ q: '会談', filter: 'tags = "経済"' });
    expect(after.nbHits).toBe(filtered.estimatedTotalHits);
    expect(await statsCount(page)).toBe(filtered.estimatedTotalHits);
    expect(after.nbHits).toBeGreaterThan(0);
    expect(after.nbHits).toBeLessThan(before.nbHits);
    const hits = await shownHits(page);
    expect(hits.map((h) => h.chunkId)).toEqual(filtered.hits.map((h) => h.chunkId));
    for (const h of hits) expect(h.tags).toContain('経済');

    // The other tags keep their counts for the query (refinementList ORs values of one facet), 経済 is ticked.
    const tagsAfter = await shownTags(page);
    expect(tagsAfter.find((t) => t.label === '経済')).toEqual({ label: '経済', count: economy!.count, selected: true });
    expect(tagsAfter.find((t) => t.label === '外交')?.count).toBe(unfiltered.facetDistribution!.tags.外交);

    // A second tag ORs with the first.
    await clickTag(page, '文化');
    const both = await waitForView(page, { query: '会談', tags: ['経済', '文化'] });
    expect(both.nbHits).toBe(
      (await apiSearch({ q: '会談', filter: '(tags = "経済" OR tags = "文化")' })).estimatedTotalHits,
    );
    expect(both.nbHits).toBeGreaterThan(after.nbHits);
    expect(errors).toEqual([]);
  });

  it('a query matching nothing shows the empty state', async () => {
    const { page, errors } = await openHostPage();
    await waitForView(page, { query: '' });
    const view = await typeQuery(page, 'qzxjvwqkpl');
    expect((await apiSearch({ q: 'qzxjvwqkpl' })).estimatedTotalHits).toBe(0);
    expect(view.nbHits).toBe(0);
    expect(await page.locator('[data-testid="empty"]').textContent()).toBe('「qzxjvwqkpl」に一致する結果はありません');
    expect(await page.locator('[data-testid="hit"]').count()).toBe(0);
    expect(await statsCount(page)).toBe(0);
    expect(errors).toEqual([]);
  });

  it('markup and entities in a document show as the text it holds, never as HTML or double-escaped', async () => {
    const { page, errors, dialogs } = await openHostPage();
    await waitForView(page, { query: '' });
    await typeQuery(page, '太字');
    const hit = (await shownHits(page)).find((h) => h.documentId === XSS_ID);
    expect(hit, JSON.stringify(await shownHits(page), null, 1)).toBeDefined();
    expect(hit!.title).toBe(XSS_TITLE);
    expect(hit!.snippet).toContain('<b>太字</b> & "引用" &amp; と');
    expect(hit!.marks).toContain('太字');
    const tagsInHits = await page.locator('#hits *').evaluateAll((els) => [...new Set(els.map((e) => e.tagName))]);
    expect(tagsInHits).not.toContain('IMG');
    expect(tagsInHits).not.toContain('B');
    await page.waitForTimeout(300); // an injected onerror would have fired by now
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('searching the tag list narrows it to the tags starting with what is typed, marked, markup shown as text', async () => {
    const { page, errors, dialogs } = await openHostPage();
    await waitForView(page, { query: '' });
    const counts = (await apiSearch({ q: '', facets: 'tags', limit: '0' })).facetDistribution!.tags;
    const facetSearch = page.locator('#tags .ais-SearchBox-input');
    const labels = () => page.locator('.ais-RefinementList-labelText').allTextContents();

    await facetSearch.fill('経');
    await expect.poll(labels, { timeout: UI_TIMEOUT }).toEqual(['経済']);
    expect(await page.locator('.ais-RefinementList-labelText mark').allTextContents()).toEqual(['経']);
    expect((await shownTags(page))[0].count).toBe(counts.経済);

    await facetSearch.fill('<im');
    await expect.poll(labels, { timeout: UI_TIMEOUT }).toEqual([XSS_TAG]);
    expect(await page.locator('.ais-RefinementList-labelText mark').allTextContents()).toEqual(['<im']);
    expect(await page.locator('#tags img').count()).toBe(0);

    // Refining on it filters on exactly that value.
    await page.locator('.ais-RefinementList-checkbox').first().click();
    const view = await waitForView(page, { query: '', tags: [XSS_TAG] });
    expect(view.nbHits).toBe(counts[XSS_TAG]);
    expect([...new Set((await shownHits(page)).map((h) => h.documentId))]).toEqual([XSS_ID]);
    await page.waitForTimeout(300); // an injected onerror would have fired by now
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('from Node: hostile filter values reach Meilisearch as one quoted value; negation, numbers, facet search work', async () => {
    if (setupError) throw setupError;
    const client = kensakuSearchClient({ url: `${apiOrigin}/`, apiKey: SEARCH_KEY, mode: 'keyword' });
    const { results } = await client.search([
      { indexName: 'kensaku', params: { query: '', hitsPerPage: 20, facetFilters: [[`tags:${HOSTILE_TAG}`]] } },
      {
        indexName: 'kensaku',
        params: { query: '会談', hitsPerPage: 20, facetFilters: ['tags:-外交'], facets: ['tags'] },
      },
      {
        indexName: 'kensaku',
        params: {
          query: '',
          hitsPerPage: 0,
          facetFilters: [`documentId:${SAMPLE_ID}`],
          numericFilters: ['ordinal>=2'],
        },
      },
    ]);

    expect(hitsOf(results[0]).map((h) => h.documentId)).toEqual([XSS_ID]);
    expect(results[0].nbHits).toBe(1);

    const notDiplomacy = await apiSearch({ q: '会談', filter: 'NOT tags = "外交"', limit: '20' });
    expect(results[1].nbHits).toBe(notDiplomacy.estimatedTotalHits);
    expect(results[1].hits.map((h) => h.objectID)).toEqual(notDiplomacy.hits.map((h) => h.chunkId));
    expect(hitsOf(results[1]).filter((h) => h.tags?.includes('外交'))).toEqual([]);
    expect(results[1].facets.tags.外交).toBeUndefined();

    const sampleChunks = await apiSearch({ q: '', filter: `documentId = "${SAMPLE_ID}"`, limit: '0' });
    expect(results[2].nbHits).toBe(
      (await apiSearch({ q: '', filter: `documentId = "${SAMPLE_ID}" AND ordinal >= 2`, limit: '0' }))
        .estimatedTotalHits,
    );
    expect(results[2].nbHits).toBe(sampleChunks.estimatedTotalHits - 2); // ordinals 0 and 1 left out
    expect(results[2]).toMatchObject({ hits: [], nbPages: 0 });

    const [facetSearch] = await client.searchForFacetValues([
      { indexName: 'kensaku', params: { facetName: 'tags', facetQuery: '経', query: '会談' } },
    ]);
    const counts = (await apiSearch({ q: '会談', facets: 'tags', limit: '0' })).facetDistribution!.tags;
    expect(facetSearch.facetHits).toEqual([
      { value: '経済', count: counts.経済, highlighted: '__ais-highlight__経__/ais-highlight__済' },
    ]);

    await expect(
      client.search([{ indexName: 'kensaku', params: { query: 'x', facetFilters: ['title:会談'] } }]),
    ).rejects.toThrow(/a facet filter on "title" is not supported/);
    const wrongKey = kensakuSearchClient({ url: apiOrigin, apiKey: 'not-a-key' });
    await expect(wrongKey.search([{ indexName: 'kensaku', params: { query: '会談' } }])).rejects.toThrow(
      /\/search answered 401 unauthorized/,
    );
  });

  it('from Node: a scoped key sees only its filter through the adapter, whatever filters the page sends', async () => {
    if (setupError) throw setupError;
    const minted = await fetch(`${apiOrigin}/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ description: 'culture pages', filter: 'tags = "文化"' }),
    });
    expect(minted.status).toBe(201);
    const client = kensakuSearchClient({
      url: apiOrigin,
      apiKey: ((await minted.json()) as { key: string }).key,
      mode: 'keyword',
    });
    const hostile: Record<string, unknown>[] = [
      {},
      { facetFilters: ['tags:経済'] },
      { facetFilters: [['tags:経済', 'tags:外交']] },
      { facetFilters: ['tags:-文化'] },
      { facetFilters: ['tags:文化") OR (tags = "経済'] },
      { numericFilters: ['ordinal>=0'] },
      { filters: 'tags = "経済" OR tags = "外交"' },
      { filters: 'NOT tags = "文化"' },
      { facets: ['*'] },
      { hitsPerPage: 0, facets: ['tags'] },
    ];
    const { results } = await client.search(
      hostile.map((params) => ({ indexName: 'kensaku', params: { query: '', hitsPerPage: 50, ...params } })),
    );
    for (const [i, r] of results.entries()) {
      expect(
        hitsOf(r).filter((h) => !h.tags?.includes('文化')),
        JSON.stringify(hostile[i]),
      ).toEqual([]);
      for (const tag of Object.keys(r.facets?.tags ?? {}))
        expect(['文化', '外交', '経済', HOSTILE_TAG, XSS_TAG]).toContain(tag);
      if (r.facets?.tags) expect(r.facets.tags.文化 ?? 0).toBe(r.nbHits);
    }
    expect(results[0].nbHits).toBeGreaterThan(0);
  });
});
