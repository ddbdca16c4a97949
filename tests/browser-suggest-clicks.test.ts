/**
 * Click tracking and autocomplete in real Chromium against the real service: a click on a hit in the widget (on
 * another origin), on the search page and in the InstantSearch example reaches POST /events and GET /analytics/clicks
 * counts it at its position; suggestions as the user types, with the keyboard, through an IME composition, ARIA.
 * Screenshots go to test-results/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { closeAll, launchChromium, serveFetch, serveHtml, type HttpHandle } from './helpers/browser-env.ts';
import {
  HOST_DEBOUNCE_MS,
  UI_TIMEOUT,
  waitForPageAnswer,
  waitForWidgetAnswer,
  openPage,
} from './helpers/browser-pages.ts';
import { indexAllViaApi, ROOT, SAMPLE_PATH, startTestService, type TestService } from './helpers/service.ts';

const ADMIN_KEY = 'admin-key-suggest-0123456789';
const SEARCH_KEY = 'search-key-suggest-0123456789';
const SHOTS = path.join(ROOT, 'test-results');
const XSS_TITLE = '<img src=x onerror=window.__xss=1>XSSタイトル';

let browser: Browser | undefined;
let service: TestService | undefined;
let api: HttpHandle | undefined;
let host: HttpHandle | undefined;
let apiOrigin = '';
const contexts: BrowserContext[] = [];

/** A site embedding the widget in keyword mode (the service runs without the model). */
function hostPage(): string {
  return `<!doctype html>
<html lang="ja">
<head><meta charset="utf-8"><title>提携サイト</title></head>
<body style="font-family: sans-serif; padding: 24px; width: 640px">
  <h1>提携サイト</h1>
  <div id="search"></div>
  <div style="height: 600px"></div>
  <script>
    window.__kensakuSelected = [];
    document.addEventListener('kensaku:select', function (e) {
      window.__kensakuSelected.push({ chunkId: e.detail.chunkId, query: e.detail.query });
    });
  </script>
  <script src="${apiOrigin}/widget.js" data-key="${SEARCH_KEY}" data-target="#search" data-mode="keyword"
          data-debounce="${HOST_DEBOUNCE_MS}"></script>
</body>
</html>`;
}

/**
 * InstantSearch's query-suggestions pattern on another site: a search box, an index of suggestions with its hits
 * widget, and the main index's hits, all through the adapter kensaku serves.
 */
function querySuggestionsPage(): string {
  return `<!doctype html>
<html lang="ja">
<head><meta charset="utf-8"><title>Query Suggestions</title></head>
<body style="font-family: sans-serif; padding: 24px; width: 640px">
  <div id="searchbox"></div>
  <h2>検索候補</h2><div id="suggestions"></div>
  <h2>結果</h2><div id="hits"></div>
  <script src="${apiOrigin}/vendor/instantsearch.production.min.js"></script>
  <script type="module">
    import { kensakuSearchClient } from '${apiOrigin}/instantsearch.js';
    const { searchBox, hits, index, configure } = window.instantsearch.widgets;
    const search = window.instantsearch({
      indexName: 'chunks',
      searchClient: kensakuSearchClient({ url: '${apiOrigin}', apiKey: '${SEARCH_KEY}', mode: 'keyword' }),
    });
    search.addWidgets([
      searchBox({ container: '#searchbox' }),
      index({ indexName: 'chunks_query_suggestions' }).addWidgets([
        configure({ hitsPerPage: 4 }),
        hits({
          container: '#suggestions',
          templates: { item: (hit, { html, components }) => html\`<span>\${components.Highlight({ hit, attribute: 'query' })}</span>\` },
        }),
      ]),
      hits({ container: '#hits', templates: { item: (hit, { html }) => html\`<span>\${hit.title}</span>\` } }),
    ]);
    search.start();
  </script>
</body>
</html>`;
}

const open = (url: string) => openPage(browser!, contexts, url, { width: 900, height: 760 });

interface Clicks {
  clicks: number;
  positions: Record<string, number>;
}

/** GET /analytics/clicks, for one origin or all (the answering process flushes its counts first). */
async function clicksFrom(origin?: string): Promise<Clicks> {
  const res = await fetch(`${apiOrigin}/analytics/clicks?${new URLSearchParams(origin ? { origin } : {})}`, {
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Clicks;
}

/** Waits until the clicks counted from `origin` at `position` are one more than `before`. */
async function expectClickAt(origin: string | undefined, position: number, before: Clicks): Promise<void> {
  const deadline = Date.now() + UI_TIMEOUT;
  let now = await clicksFrom(origin);
  while ((now.positions[String(position)] ?? 0) <= (before.positions[String(position)] ?? 0) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    now = await clicksFrom(origin);
  }
  expect(now.clicks).toBe(before.clicks + 1);
  expect(now.positions[String(position)] ?? 0).toBe((before.positions[String(position)] ?? 0) + 1);
}

/** Every POST /events the page sends, with its body. */
function eventPosts(page: Page): Array<Record<string, unknown>> {
  const posts: Array<Record<string, unknown>> = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/events') posts.push(JSON.parse(r.postData() || '{}'));
  });
  return posts;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  host = await serveHtml((p) =>
    p === '/'
      ? hostPage()
      : p === '/query-suggestions'
        ? querySuggestionsPage()
        : p.startsWith('/docs/')
          ? '<!doctype html><p>doc</p>'
          : null,
  );
  service = await startTestService(
    { ADMIN_KEY, SEARCH_KEY, CORS_ORIGINS: host.origin, ANALYTICS_FLUSH_MS: '200' },
    { embeddings: false },
  );
  api = await serveFetch(service.app.fetch);
  apiOrigin = api.origin;
  await indexAllViaApi(
    service.app,
    {
      documents: [
        {
          id: 'sample',
          text: readFileSync(SAMPLE_PATH, 'utf8'),
          tags: ['外交'],
          url: `${host.origin}/docs/sample.html`,
        },
        { id: 'xss', title: XSS_TITLE, text: 'マークアップを題にした文書。' },
      ],
    },
    { authorization: `Bearer ${ADMIN_KEY}` },
  );
  browser = await launchChromium();
}, 180_000);
afterAll(() =>
  closeAll([
    ...contexts.map((c) => () => c.close()),
    browser && (() => browser!.close()),
    api && (() => api!.close()),
    host && (() => host!.close()),
    service && (() => service!.close()),
  ]),
);

describe('click tracking', () => {
  it('the widget: a hit chosen with a click is counted at its position, and kensaku:select still fires', async () => {
    const { page, seen } = await open(`${host!.origin}/`);
    const posts = eventPosts(page);
    const before = await clicksFrom(host!.origin);
    await page.locator('[data-testid="kensaku-input"]').fill('普天間');
    expect(await waitForWidgetAnswer(page, '普天間')).toEqual({ state: 'done', error: null });
    const second = page.locator('[data-testid="kensaku-hit"]').nth(1);
    const chunkId = await second.getAttribute('data-chunk-id');
    // The host page keeps the user here: the hit's link would leave it.
    await page.evaluate(() => document.addEventListener('kensaku:select', (e) => e.preventDefault(), { once: true }));
    await second.click();
    await expectClickAt(host!.origin, 2, before);
    expect(posts).toEqual([{ type: 'click', queryId: expect.any(String), chunkId, position: 2 }]);
    expect(await page.evaluate(() => window.__kensakuSelected)).toEqual([{ chunkId, query: '普天間' }]);
    expect(seen.pageErrors).toEqual([]);
  });

  it('the search page: opening a hit of the second page counts its position with the offset', async () => {
    const { page, seen } = await open(`${apiOrigin}/?key=${SEARCH_KEY}`);
    const posts = eventPosts(page);
    const before = await clicksFrom();
    await page.locator('[data-testid="q"]').fill('日米');
    await page.locator('[data-testid="mode"]').selectOption('keyword');
    await page.locator('[data-testid="submit"]').click();
    expect(await waitForPageAnswer(page, '日米')).toBe('done');
    await page.locator('[data-testid="more"]').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="hit"]').length > 10);
    const eleventh = page.locator('[data-testid="hit"]').nth(10);
    expect(await eleventh.getAttribute('data-position')).toBe('11');
    const chunkId = await eleventh.getAttribute('data-chunk-id');
    await eleventh.locator('[data-testid="title"] a').click();
    await page.waitForURL(/\/docs\/sample\.html/);
    await expectClickAt(undefined, 11, before);
    expect(posts).toEqual([{ type: 'click', queryId: expect.any(String), chunkId, position: 11 }]);
    expect(seen.pageErrors).toEqual([]);
  });

  it('the InstantSearch example: the insights middleware sends a hit click through kensakuInsightsClient', async () => {
    const { page, seen } = await open(`${apiOrigin}/examples/instantsearch.html?key=${SEARCH_KEY}`);
    const posts = eventPosts(page);
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    const before = await clicksFrom();
    await page.locator('#searchbox input').fill('普天間');
    await page.waitForFunction(() => document.querySelectorAll('#hits .ais-Hits-item').length > 1, undefined, {
      timeout: UI_TIMEOUT,
    });
    // The snippet, not the title link: the click is the hit's, and the page stays.
    await page.locator('#hits .ais-Hits-item').nth(1).locator('p').click();
    await expectClickAt(undefined, 2, before);
    expect(posts).toEqual([{ type: 'click', queryId: expect.any(String), chunkId: expect.any(String), position: 2 }]);
    expect(requested.every((u) => u.startsWith(apiOrigin))).toBe(true);
    expect(seen.pageErrors).toEqual([]);
  });
});

/** Requests to a path the page makes, counted as they leave. */
function requestsTo(page: Page, pathname: string): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname === pathname) seen.push(u.searchParams.get('q') ?? '');
  });
  return seen;
}

/** A real IME composition through Chromium's input pipeline: compositionstart/update with isComposing input events. */
async function composeThenCommit(page: Page, steps: string[], commit: string, between: () => Promise<void>) {
  const cdp = await page.context().newCDPSession(page);
  for (const text of steps)
    await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
  await between();
  await cdp.send('Input.insertText', { text: commit }); // the conversion committed: compositionend
}

/** The combobox's ARIA state as a screen reader reads it. */
async function ariaOf(page: Page, input: string) {
  return page.locator(input).evaluate((el) => {
    const root = el.getRootNode() as Document | ShadowRoot;
    const controls = el.getAttribute('aria-controls') || '';
    const list = root.getElementById ? root.getElementById(controls) : null;
    const activeId = el.getAttribute('aria-activedescendant');
    const active = activeId && root.getElementById ? root.getElementById(activeId) : null;
    return {
      role: el.getAttribute('role'),
      expanded: el.getAttribute('aria-expanded'),
      listRole: list?.getAttribute('role') ?? null,
      listHidden: list ? (list as HTMLElement).hidden : null,
      active: active
        ? {
            role: active.getAttribute('role'),
            selected: active.getAttribute('aria-selected'),
            text: active.getAttribute('data-text'),
          }
        : null,
      selectedCount: list ? list.querySelectorAll('[role="option"][aria-selected="true"]').length : -1,
    };
  });
}

const WIDGET_INPUT = '[data-testid="kensaku-input"]';
const PAGE_INPUT = '[data-testid="q"]';

describe('autocomplete', () => {
  it('the widget: kana typed shows kanji suggestions in a group above the hits; ArrowDown, Enter searches one', async () => {
    const { page, seen } = await open(`${host!.origin}/`);
    await page.locator(WIDGET_INPUT).fill('ふて');
    const suggestion = page.locator('[data-testid="kensaku-suggestion"]');
    await suggestion.first().waitFor();
    const texts = await suggestion.evaluateAll((els) => els.map((e) => e.getAttribute('data-text')));
    expect(texts.some((t) => t?.startsWith('普天間'))).toBe(true);
    // One listbox: the group of suggestions inside it, options in the group.
    const group = page.locator('[data-testid="kensaku-suggestions"]');
    expect(await group.getAttribute('role')).toBe('group');
    expect(await group.evaluate((g) => g.parentElement?.getAttribute('role'))).toBe('listbox');
    expect(
      await group.evaluate(
        (g) =>
          g.ownerDocument &&
          (g.getRootNode() as ShadowRoot).getElementById(g.getAttribute('aria-labelledby') || '')?.textContent,
      ),
    ).toBe('検索候補');
    expect(await suggestion.first().getAttribute('role')).toBe('option');
    expect(await ariaOf(page, WIDGET_INPUT)).toMatchObject({
      role: 'combobox',
      expanded: 'true',
      listRole: 'listbox',
      active: null,
    });

    await page.locator(WIDGET_INPUT).press('ArrowDown');
    // The hits may arrive after the arrow key: the suggestion it chose stays the active option.
    expect(await waitForWidgetAnswer(page, 'ふて')).toEqual({ state: 'done', error: null });
    expect(await ariaOf(page, WIDGET_INPUT)).toMatchObject({
      active: { role: 'option', selected: 'true', text: texts[0] },
      selectedCount: 1,
    });
    await page.screenshot({ path: path.join(SHOTS, 'widget-suggestions.png') });
    await page.locator(WIDGET_INPUT).press('Enter');
    expect(await page.locator(WIDGET_INPUT).inputValue()).toBe(texts[0]);
    expect(await waitForWidgetAnswer(page, texts[0]!)).toEqual({ state: 'done', error: null });
    expect(await page.locator('[data-testid="kensaku-hit"]').count()).toBeGreaterThan(0);
    // Picking a suggestion is no hit selection: nothing was navigated to, no select event.
    expect(await page.evaluate(() => window.__kensakuSelected)).toEqual([]);

    await page.locator(WIDGET_INPUT).press('Escape');
    expect(await ariaOf(page, WIDGET_INPUT)).toMatchObject({ expanded: 'false', listHidden: true });
    expect(seen.pageErrors).toEqual([]);
  });

  it('the widget: nothing is asked during an IME composition, suggestions come once it is committed', async () => {
    const { page } = await open(`${host!.origin}/`);
    const suggests = requestsTo(page, '/suggest');
    const searches = requestsTo(page, '/search');
    await page.locator(WIDGET_INPUT).focus();
    await composeThenCommit(page, ['ｆ', 'ふ', 'ふて', 'ふてん'], '普天間', async () => {
      expect(await page.locator(WIDGET_INPUT).inputValue()).toBe('ふてん');
      await page.waitForTimeout(HOST_DEBOUNCE_MS + 400); // past both waits: a request would have left by now
      expect(suggests).toEqual([]);
      expect(searches).toEqual([]);
    });
    await page.locator('[data-testid="kensaku-suggestion"]').first().waitFor();
    expect(suggests).toEqual(['普天間']);
    expect(await waitForWidgetAnswer(page, '普天間')).toEqual({ state: 'done', error: null });
    expect(searches).toEqual(['普天間']);
  });

  it('the search page: suggestions under the box, ArrowDown then Enter searches one, Escape closes', async () => {
    const { page, seen } = await open(`${apiOrigin}/?key=${SEARCH_KEY}`);
    await page.locator('[data-testid="mode"]').selectOption('keyword');
    await page.locator(PAGE_INPUT).fill('ふて');
    const suggestion = page.locator('[data-testid="suggestion"]');
    await suggestion.first().waitFor();
    const texts = await suggestion.evaluateAll((els) => els.map((e) => e.getAttribute('data-text')));
    expect(texts.some((t) => t?.startsWith('普天間'))).toBe(true);
    expect(await ariaOf(page, PAGE_INPUT)).toMatchObject({
      role: 'combobox',
      expanded: 'true',
      listRole: 'listbox',
      listHidden: false,
      active: null,
    });
    await page.locator(PAGE_INPUT).press('ArrowDown');
    await page.locator(PAGE_INPUT).press('ArrowDown');
    expect(await ariaOf(page, PAGE_INPUT)).toMatchObject({
      active: { role: 'option', selected: 'true', text: texts[1] },
      selectedCount: 1,
    });
    await page.screenshot({ path: path.join(SHOTS, 'page-suggestions.png') });
    await page.locator(PAGE_INPUT).press('Enter');
    expect(await page.locator(PAGE_INPUT).inputValue()).toBe(texts[1]);
    expect(await waitForPageAnswer(page, texts[1]!)).toBe('done');
    expect(new URL(page.url()).searchParams.get('q')).toBe(texts[1]);
    expect(await ariaOf(page, PAGE_INPUT)).toMatchObject({ expanded: 'false', listHidden: true });

    // Typing again reopens them; Escape closes them and leaves the query as typed.
    await page.locator(PAGE_INPUT).fill('ふて');
    await page.locator('[data-testid="suggestion"]').first().waitFor();
    await page.locator(PAGE_INPUT).press('Escape');
    expect(await ariaOf(page, PAGE_INPUT)).toMatchObject({ expanded: 'false', listHidden: true });
    expect(await page.locator(PAGE_INPUT).inputValue()).toBe('ふて');
    expect(seen.pageErrors).toEqual([]);
  });

  it('the search page: nothing is asked during an IME composition', async () => {
    const { page } = await open(`${apiOrigin}/?key=${SEARCH_KEY}`);
    const suggests = requestsTo(page, '/suggest');
    await page.locator(PAGE_INPUT).focus();
    await composeThenCommit(page, ['ｆ', 'ふ', 'ふて'], 'ふて', async () => {
      await page.waitForTimeout(600); // four times the page's wait: a request would have left by now
      expect(suggests).toEqual([]);
    });
    await page.locator('[data-testid="suggestion"]').first().waitFor();
    expect(suggests).toEqual(['ふて']);
  });
});

describe('suggestions are text', () => {
  it('a title made of markup is suggested as the text it is, on the page and in the widget, never run', async () => {
    const page = (await open(`${apiOrigin}/?key=${SEARCH_KEY}`)).page;
    const widget = (await open(`${host!.origin}/`)).page;
    for (const [p, input, option] of [
      [page, PAGE_INPUT, '[data-testid="suggestion"]'],
      [widget, WIDGET_INPUT, '[data-testid="kensaku-suggestion"]'],
    ] as const) {
      await p.locator(input).fill('<img');
      const shown = p.locator(option).filter({ hasText: 'XSSタイトル' });
      await shown.first().waitFor();
      expect(await shown.first().textContent()).toBe(XSS_TITLE);
      expect(await shown.first().locator('img').count()).toBe(0);
      expect(await p.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
    }
  });
});

describe('InstantSearch query suggestions', () => {
  it('index({ indexName: "chunks_query_suggestions" }) with a hits widget renders /suggest, the prefix marked', async () => {
    const { page, seen } = await open(`${host!.origin}/query-suggestions`);
    const suggests = requestsTo(page, '/suggest');
    await page.locator('#searchbox input').fill('普天');
    // The empty query's render (the most searched queries, which earlier tests made) may land after the typing: wait
    // for the typed prefix's own suggestions, and fail if they never come.
    await page.waitForFunction(
      () => {
        const items = [...document.querySelectorAll('#suggestions .ais-Hits-item')];
        return (
          items.length > 0 &&
          items.every((i) => (i.textContent ?? '').trim().startsWith('普天')) &&
          items.some((i) => i.querySelector('mark')?.textContent === '普天') &&
          document.querySelectorAll('#hits .ais-Hits-item').length > 0
        );
      },
      undefined,
      { timeout: UI_TIMEOUT },
    );
    const items = await page.locator('#suggestions .ais-Hits-item').allTextContents();
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThanOrEqual(4);
    for (const t of items) expect(t.trim().startsWith('普天')).toBe(true);
    expect(await page.locator('#suggestions .ais-Hits-item mark').first().textContent()).toBe('普天');
    expect(suggests.at(-1)).toBe('普天');
    await page.screenshot({ path: path.join(SHOTS, 'instantsearch-query-suggestions.png') });
    expect(seen.pageErrors).toEqual([]);
    expect(seen.console.filter((m) => !m.includes('404'))).toEqual([]);
  });
});
