/**
 * The search page and the embeddable widget in a real browser (Debian's Chromium via playwright-core)
 * against the real service: real Meilisearch (tests/setup), real model, real HTTP servers on 127.0.0.1.
 *
 * Origins: the API (page + widget.js + /search) on one port, a third-party page embedding the widget on
 * a second port (allowlisted in CORS_ORIGINS), and a page on a third port that is not allowlisted.
 * Keys are configured, so every browser request needs the search key.
 *
 * Chromium missing is a failure (see tests/helpers/browser-env.ts), not a skip.
 */
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { indexAllViaApi, SAMPLE_PATH, startTestService, type TestService } from './helpers/service.ts';
import { closeAll, launchChromium, serveFetch, serveHtml, type HttpHandle } from './helpers/browser-env.ts';
import type { SearchHit } from '../search/types.ts';
import {
  HOST_DEBOUNCE_MS,
  searchOnPage,
  UI_TIMEOUT,
  waitForPageAnswer,
  waitForWidgetAnswer,
  watchPage,
  widgetHostPage,
} from './helpers/browser-pages.ts';

const ADMIN_KEY = 'admin-secret';
const SEARCH_KEY = 'search-key';
const SAMPLE_ID = 'mofa-2014-02-07';
const XSS_ID = 'xss-doc';
const XSS_SCRIPT = '<script>alert(1)</script>';
const XSS_IMG = '<img src=x onerror=alert(2)>';
const XSS_TEXT = `XSSテスト文書 ${XSS_SCRIPT} 危険な文字列 ${XSS_IMG} 普天間`;
const XSS_TITLE = '<img src=x onerror=alert(3)>XSSタイトル';
const SECURITY_PATH = '2 日米関係 › (2)安全保障';
const DONE = { state: 'done', error: null };
// Tagged documents for the facet tests; one tag holds quotes, so choosing it only works if the filter escapes them.
const MEISHO = '名所 "三名園"';
const FACET_DOCS = [
  { id: 'garden-kenrokuen', title: '兼六園', text: '兼六園は金沢市にある日本庭園である。', tags: ['garden', MEISHO] },
  { id: 'garden-korakuen', title: '後楽園', text: '後楽園は岡山市にある日本庭園である。', tags: ['garden', MEISHO] },
  { id: 'garden-ritsurin', title: '栗林公園', text: '栗林公園は高松市にある日本庭園である。', tags: ['garden'] },
  { id: 'castle-himeji', title: '姫路城', text: '姫路城は姫路市にある城で、庭園もある。', tags: ['castle'] },
];
const taggedWith = (tag: string) => FACET_DOCS.filter((d) => d.tags.includes(tag)).map((d) => d.id);
// A documentation page as its site serves it (on the host site's origin) and as its Markdown is posted: headings with
// an explicit {#id} and with the VitePress slug (kana kept, NFKD), far apart so opening at a section scrolls.
const DOCS_PATH = '/guide/config.html';
const DOCS_ID = 'guide/config';
const SLUG = 'データベースの接続'.normalize('NFKD');
const DOCS_MARKDOWN = `---
title: 設定リファレンス
---

# 設定 {#config}

kensaku の設定は環境変数で行います。起動時に一度だけ読まれます。

## 索引の再構築 {#rebuild-index}

古い文書を消したいときは、深夜の保守時間に索引を丸ごと作り直します。作り直しの間も検索は続きます。

## データベースの接続

接続先のマスターキーは管理者だけが知っています。鍵を失くしたら発行し直します。
`;
const DOCS_HTML = `<!doctype html>
<html lang="ja">
<head><meta charset="utf-8"><title>設定リファレンス | Example Docs</title></head>
<body>
  <h1 id="config">設定</h1><p>kensaku の設定は環境変数で行います。起動時に一度だけ読まれます。</p>
  <div style="height: 2400px"></div>
  <h2 id="rebuild-index">索引の再構築</h2><p>古い文書を消したいときは、深夜の保守時間に索引を丸ごと作り直します。</p>
  <div style="height: 2400px"></div>
  <h2 id="${SLUG}">データベースの接続</h2><p>接続先のマスターキーは管理者だけが知っています。</p>
  <div style="height: 2400px"></div>
</body>
</html>`;

let browser: Browser | undefined;
let service: TestService | undefined;
let api: HttpHandle | undefined;
let hostSite: HttpHandle | undefined; // allowlisted origin embedding the widget
let foreignSite: HttpHandle | undefined; // not allowlisted
let apiOrigin = ''; // set once the API listens; the host pages are rendered per request
const contexts: BrowserContext[] = [];
let setupError: unknown = null;

async function newPage(): Promise<{ page: Page; seen: ReturnType<typeof watchPage> }> {
  if (setupError) throw setupError;
  if (!browser) throw new Error('browser not launched');
  const context = await browser.newContext({ locale: 'ja-JP' });
  contexts.push(context);
  context.setDefaultTimeout(UI_TIMEOUT);
  const page = await context.newPage();
  return { page, seen: watchPage(page) };
}

interface FacetAnswer {
  hits: SearchHit[];
  estimatedTotalHits: number;
  facetDistribution?: Record<string, Record<string, number>>;
  facetsEstimated?: boolean;
  fusion?: { floor?: { dropped: number } } | null;
}

/** GET /search from Node with the search key and any parameters (facets, filter): the JSON the browser receives. */
async function apiSearchWith(params: Record<string, string>): Promise<FacetAnswer> {
  if (setupError) throw setupError;
  const res = await fetch(`${apiOrigin}/search?${new URLSearchParams(params)}`, {
    headers: { authorization: `Bearer ${SEARCH_KEY}` },
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as FacetAnswer;
}

/** A site embedding the widget with data-facet="tags" in keyword mode, listening for kensaku:select. */
function facetHostPage(): string {
  return `<!doctype html>
<html lang="ja">
<head><meta charset="utf-8"><title>タグで絞り込むサイト</title></head>
<body>
  <div id="search"></div>
  <script>
    window.__kensakuSelected = [];
    document.addEventListener('kensaku:select', function (e) {
      window.__kensakuSelected.push({ documentId: e.detail.documentId, chunkId: e.detail.chunkId, query: e.detail.query });
    });
  </script>
  <script src="${apiOrigin}/widget.js" data-key="${SEARCH_KEY}" data-target="#search" data-facet="tags" data-mode="keyword"
          data-debounce="${HOST_DEBOUNCE_MS}" data-suggestions="0"></script>
</body>
</html>`;
}

/** The search page shows a finished answer whose results are filtered by `value` ('' for none); an error banner fails. */
async function waitForPageFacet(page: Page, value: string): Promise<void> {
  const handle = await page.waitForFunction(
    (v) => {
      const r = document.querySelector('[data-testid="results"]');
      if (r?.getAttribute('data-state') === 'error')
        return document.querySelector('[data-testid="error"]')?.textContent || 'error';
      return r?.getAttribute('data-state') === 'done' && (r.getAttribute('data-facet-value') ?? '') === v
        ? 'done'
        : false;
    },
    value,
    { timeout: UI_TIMEOUT },
  );
  expect(await handle.jsonValue(), `the page's answer filtered by ${JSON.stringify(value)}`).toBe('done');
}

/** The widget's listbox holds a finished answer filtered by `value` ('' for none); an error item fails. */
async function waitForWidgetFacet(page: Page, value: string): Promise<void> {
  const handle = await page.waitForFunction(
    (v) => {
      const list = document
        .querySelector('[data-testid="kensaku-widget"]')
        ?.shadowRoot?.querySelector('[data-testid="kensaku-results"]');
      if (list?.getAttribute('data-state') === 'error')
        return list.querySelector('[data-testid="kensaku-error"]')?.textContent || 'error';
      return list?.getAttribute('data-state') === 'done' && (list.getAttribute('data-facet-value') ?? '') === v
        ? 'done'
        : false;
    },
    value,
    { timeout: UI_TIMEOUT },
  );
  expect(await handle.jsonValue(), `the widget's answer filtered by ${JSON.stringify(value)}`).toBe('done');
}

/** value → count of the facet buttons (page) or chips (widget) matched by `selector`, and which are pressed. */
async function shownFacets(page: Page, selector: string) {
  const rows = await page.locator(selector).evaluateAll((buttons) =>
    buttons.map((b) => ({
      value: b.getAttribute('data-value') ?? '',
      count: Number(b.getAttribute('data-count')),
      countText: b.querySelector('[data-testid$="facet-count"]')?.textContent ?? '',
      pressed: b.getAttribute('aria-pressed'),
    })),
  );
  for (const r of rows) expect(r.countText).toBe(r.count.toLocaleString('ja-JP'));
  return {
    counts: Object.fromEntries(rows.map((r) => [r.value, r.count])),
    pressed: rows.filter((r) => r.pressed === 'true').map((r) => r.value),
    order: rows.map((r) => r.value),
  };
}

const byCount = (dist: Record<string, number>) =>
  Object.keys(dist).sort((a, b) => dist[b] - dist[a] || (a < b ? -1 : 1));

/** GET /search from Node with the search key: the raw JSON the browser receives. */
async function apiSearch(q: string, mode: string, limit = 10): Promise<{ hits: SearchHit[] }> {
  if (setupError) throw setupError;
  const url = `${apiOrigin}/search?${new URLSearchParams({ q, mode, limit: String(limit) })}`;
  const res = await fetch(url, { headers: { authorization: `Bearer ${SEARCH_KEY}` } });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { hits: SearchHit[] };
}

const legLabel = { keyword: 'キーワード', semantic: '意味' } as const;

describe('search page and widget in Chromium', () => {
  beforeAll(async () => {
    // Any setup failure (first of all a missing Chromium, checked before the model loads) is kept and
    // rethrown by every test, so each one FAILS with the reason instead of being reported as skipped.
    try {
      browser = await launchChromium();
      hostSite = await serveHtml((path) =>
        path === '/'
          ? widgetHostPage({ apiOrigin, key: SEARCH_KEY, heading: '提携サイト' })
          : path === '/facet'
            ? facetHostPage()
            : path === DOCS_PATH
              ? DOCS_HTML
              : null,
      );
      foreignSite = await serveHtml((path) =>
        path === '/' ? widgetHostPage({ apiOrigin, key: SEARCH_KEY, heading: '許可されていないサイト' }) : null,
      );
      service = await startTestService({ ADMIN_KEY, SEARCH_KEY, CORS_ORIGINS: hostSite.origin });
      api = await serveFetch(service.app.fetch);
      apiOrigin = api.origin;

      await indexAllViaApi(
        service.app,
        {
          documents: [
            { id: SAMPLE_ID, text: readFileSync(SAMPLE_PATH, 'utf8') },
            { id: XSS_ID, title: XSS_TITLE, text: XSS_TEXT },
            ...FACET_DOCS,
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
      hostSite && (() => hostSite!.close()),
      foreignSite && (() => foreignSite!.close()),
      service && (() => service!.close()),
    ]);
  });

  it('search page: 普天間 is highlighted, under its heading path, with the legs that found it', async () => {
    const { page, seen } = await newPage();
    await page.goto(`${apiOrigin}/?key=${SEARCH_KEY}`);
    await searchOnPage(page, '普天間');

    const hits = page.locator('[data-testid="results"] [data-testid="hit"]');
    expect(await hits.count()).toBeGreaterThan(0);
    expect(await hits.first().locator('[data-testid="snippet"] mark').allTextContents()).toContain('普天間');
    await expect.poll(() => page.locator('[data-testid="status"]').textContent()).toContain('ハイブリッド');
    expect(new URL(page.url()).searchParams.get('q')).toBe('普天間');

    // The 安全保障 paragraph about 普天間, with its heading path and a badge matching the API's explain.
    const rows = await hits.evaluateAll((lis) =>
      lis.map((li) => ({
        chunkId: li.getAttribute('data-chunk-id'),
        documentId: li.getAttribute('data-document-id'),
        path: li.querySelector('[data-testid="heading-path"]')?.textContent ?? null,
        marks: [...li.querySelectorAll('[data-testid="snippet"] mark')].map((m) => m.textContent),
        legs: li.getAttribute('data-legs'),
        badgeLegs: li.querySelector('[data-testid="legs"]')?.getAttribute('data-legs') ?? null,
        badge: li.querySelector('[data-testid="legs"]')?.textContent ?? null,
      })),
    );
    const security = rows.find(
      (r) => r.documentId === SAMPLE_ID && r.path === SECURITY_PATH && r.marks.includes('普天間'),
    );
    expect(security, JSON.stringify(rows, null, 1)).toBeDefined();
    expect(security!.legs!.split(',')).toContain('keyword'); // an exact word: the keyword leg must find it
    expect(security!.badgeLegs).toBe(security!.legs);

    const { hits: apiHits } = await apiSearch('普天間', 'hybrid');
    const apiHit = apiHits.find((h) => h.chunkId === security!.chunkId);
    expect(apiHit).toBeDefined();
    const legs = (['keyword', 'semantic'] as const).filter((l) => apiHit!.explain[l]);
    expect(security!.legs).toBe(legs.join(','));
    expect(security!.badge).toBe(legs.map((l) => `${legLabel[l]} #${apiHit!.explain[l]!.rank}`).join(' · '));

    expect(seen.pageErrors).toEqual([]);
  });

  it('a query typed in kana or romaji marks the word it reads as (ふてんま, futenma → 普天間), on the page and in the widget', async () => {
    const { page, seen } = await newPage();
    await page.goto(`${apiOrigin}/?key=${SEARCH_KEY}`);
    await searchOnPage(page, 'ふてんま');
    const marks = await page.locator('[data-testid="results"] [data-testid="snippet"] mark').allTextContents();
    expect(
      marks.some((m) => m.includes('普天間')),
      JSON.stringify(marks),
    ).toBe(true);
    await page.screenshot({ path: '/tmp/marks.png', fullPage: true });
    expect(seen.pageErrors).toEqual([]);

    // The widget shows the same marks, typed in romaji this time.
    const host = await newPage();
    await host.page.goto(`${hostSite!.origin}/`);
    await host.page.locator('[data-testid="kensaku-input"]').pressSequentially('futenma', { delay: 40 });
    expect(await waitForWidgetAnswer(host.page, 'futenma')).toEqual(DONE);
    const inWidget = await host.page.locator('[data-testid="kensaku-snippet"] mark').allTextContents();
    expect(
      inWidget.some((m) => m.includes('普天間')),
      JSON.stringify(inWidget),
    ).toBe(true);
    expect(host.seen.pageErrors).toEqual([]);
  });

  it('search page: a paraphrase in semantic mode finds the 普天間 paragraph', async () => {
    const { page, seen } = await newPage();
    await page.goto(`${apiOrigin}/?key=${SEARCH_KEY}`);
    await searchOnPage(page, '沖縄の米軍基地移転', 'semantic');

    expect(new URL(page.url()).searchParams.get('mode')).toBe('semantic');
    await expect.poll(() => page.locator('[data-testid="status"]').textContent()).toContain('意味検索');
    const rows = await page.locator('[data-testid="results"] [data-testid="hit"]').evaluateAll((lis) =>
      lis.map((li) => ({
        legs: li.getAttribute('data-legs'),
        path: li.querySelector('[data-testid="heading-path"]')?.textContent ?? null,
        snippet: li.querySelector('[data-testid="snippet"]')?.textContent ?? '',
      })),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.legs).toBe('semantic');
    // The (イ) paragraph (普天間, 辺野古移設) is what the paraphrase is about: near the top, not just somewhere
    // in a page that holds most of the document's chunks.
    const top = rows.slice(0, 3);
    // Its snippet is cropped around the query's own word (沖縄), so look for text near it.
    expect(
      top.some((r) => r.path === SECURITY_PATH && r.snippet.includes('埋立承認')),
      JSON.stringify(rows, null, 1),
    ).toBe(true);
    expect(seen.pageErrors).toEqual([]);
  });

  it('a question shows its answer sentence emphasised in the snippet, on the page and in the widget', async () => {
    const question = '会談はどこで何時から行われたか';
    const { hits: apiHits } = await apiSearch(question, 'hybrid');
    const answered = apiHits.find((h) => h.answer && h.answer.score > 0 && h.answer.text.includes('ワシントンDC'));
    expect(answered, JSON.stringify(apiHits.map((h) => h.answer))).toBeDefined();

    const { page, seen } = await newPage();
    await page.goto(`${apiOrigin}/?key=${SEARCH_KEY}`);
    await searchOnPage(page, question);
    const onPage = page.locator(
      `[data-testid="results"] [data-testid="hit"][data-chunk-id="${answered!.chunkId}"] [data-testid="snippet"] strong`,
    );
    expect(await onPage.first().textContent()).toContain('ワシントンDC');
    expect(seen.pageErrors).toEqual([]);

    const host = await newPage();
    await host.page.goto(`${hostSite!.origin}/`);
    await host.page.locator('[data-testid="kensaku-input"]').fill(question);
    expect(await waitForWidgetAnswer(host.page, question)).toEqual(DONE);
    const inWidget = host.page.locator(
      `[data-testid="kensaku-hit"][data-chunk-id="${answered!.chunkId}"] [data-testid="kensaku-snippet"] strong`,
    );
    expect(await inWidget.first().textContent()).toContain('ワシントンDC');
    expect(host.seen.pageErrors).toEqual([]);
  });

  it('widget on an allowlisted site: search as you type, keyboard selection, kensaku:select, Escape', async () => {
    const { page, seen } = await newPage();
    const searched: string[] = [];
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.origin === apiOrigin && url.pathname === '/search' && req.method() === 'GET')
        searched.push(url.searchParams.get('q') ?? '');
    });
    await page.goto(`${hostSite!.origin}/`);
    const input = page.locator('[data-testid="kensaku-input"]');
    const listbox = page.locator('[data-testid="kensaku-results"]');
    await input.waitFor();
    expect(await listbox.isHidden()).toBe(true);

    await input.pressSequentially('TPP', { delay: 40 });
    expect(await waitForWidgetAnswer(page, 'TPP')).toEqual(DONE);
    await listbox.waitFor({ state: 'visible' });
    expect(await input.getAttribute('aria-expanded')).toBe('true');

    // Debounced: no request per keystroke (40 ms typing pauses, the host page's debounce is HOST_DEBOUNCE_MS).
    expect(searched.at(-1)).toBe('TPP');
    expect(searched).not.toContain('T');
    expect(searched.length).toBeLessThan(3);

    const options = page.locator('[data-testid="kensaku-hit"]');
    const rows = await options.evaluateAll((lis) =>
      lis.map((li) => ({
        id: li.id,
        documentId: li.getAttribute('data-document-id'),
        chunkId: li.getAttribute('data-chunk-id'),
        path: li.querySelector('[data-testid="kensaku-heading-path"]')?.textContent ?? null,
        marks: [...li.querySelectorAll('[data-testid="kensaku-snippet"] mark')].map((m) => m.textContent),
      })),
    );
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows[0].marks).toContain('TPP');
    expect(
      rows.some((r) => r.path === '2 日米関係 › (3)TPP' && r.marks.includes('TPP')),
      JSON.stringify(rows, null, 1),
    ).toBe(true);

    const selected = () => options.evaluateAll((lis) => lis.map((li) => li.getAttribute('aria-selected')));
    expect(await selected()).not.toContain('true');
    await input.press('ArrowDown');
    expect((await selected()).indexOf('true')).toBe(0);
    expect(await input.getAttribute('aria-activedescendant')).toBe(rows[0].id);
    await input.press('ArrowDown');
    expect(await selected()).toEqual(rows.map((_, i) => (i === 1 ? 'true' : 'false')));
    expect(await input.getAttribute('aria-activedescendant')).toBe(rows[1].id);
    await input.press('ArrowUp');
    await input.press('ArrowUp'); // wraps to the last option
    expect((await selected()).indexOf('true')).toBe(rows.length - 1);
    await input.press('ArrowDown'); // wraps back to the first
    await input.press('ArrowDown');
    expect((await selected()).indexOf('true')).toBe(1);

    await input.press('Enter');
    await page.waitForFunction(() => (window.__kensakuSelected?.length ?? 0) > 0, undefined, { timeout: UI_TIMEOUT });
    expect(await page.evaluate(() => window.__kensakuSelected)).toEqual([
      { documentId: rows[1].documentId, chunkId: rows[1].chunkId, query: 'TPP' },
    ]);
    await listbox.waitFor({ state: 'hidden' }); // selecting closes the list

    await input.press('ArrowDown'); // reopens the same answer
    await listbox.waitFor({ state: 'visible' });
    await input.press('Escape');
    await listbox.waitFor({ state: 'hidden' });
    expect(await input.getAttribute('aria-expanded')).toBe('false');
    expect(await input.inputValue()).toBe('TPP');
    await input.press('Escape'); // a second Escape clears the box
    expect(await input.inputValue()).toBe('');

    // A Japanese query typed character by character.
    await input.pressSequentially('拉致問題', { delay: 40 });
    expect(await waitForWidgetAnswer(page, '拉致問題')).toEqual(DONE);
    await listbox.waitFor({ state: 'visible' });
    const firstMarks = await options.first().locator('[data-testid="kensaku-snippet"] mark').allTextContents();
    expect(firstMarks.join('')).toContain('拉致');
    expect(await options.first().locator('[data-testid="kensaku-heading-path"]').textContent()).toContain('北朝鮮');

    expect(await page.evaluate(() => window.__kensakuSelected!.length)).toBe(1);
    expect(seen.dialogs).toEqual([]);
    expect(seen.pageErrors).toEqual([]);
  });

  it('XSS: markup in a document is shown as text on the page and in the widget, never run', async () => {
    // The API escapes it: only <mark> is markup in the JSON snippet.
    const { hits: apiHits } = await apiSearch('XSSテスト文書', 'keyword');
    const raw = apiHits.find((h) => h.documentId === XSS_ID);
    expect(raw, JSON.stringify(apiHits, null, 1)).toBeDefined();
    expect(raw!.snippet).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(raw!.snippet).not.toContain('<script');
    expect(raw!.snippet).not.toContain('<img');

    // Search page
    const { page, seen } = await newPage();
    await page.goto(`${apiOrigin}/?key=${SEARCH_KEY}`);
    await searchOnPage(page, 'XSSテスト文書');
    const hit = page.locator(`[data-testid="hit"][data-document-id="${XSS_ID}"]`).first();
    await hit.waitFor();
    const snippetText = (await hit.locator('[data-testid="snippet"]').textContent()) ?? '';
    expect(snippetText).toContain(XSS_SCRIPT);
    expect(snippetText).toContain(XSS_IMG);
    expect(await hit.locator('[data-testid="title"]').textContent()).toBe(XSS_TITLE);
    const pageTags = await page
      .locator('[data-testid="results"] *')
      .evaluateAll((els) => [...new Set(els.map((e) => e.tagName))]);
    expect(pageTags).not.toContain('SCRIPT');
    expect(pageTags).not.toContain('IMG');
    // Inside snippets, <mark> and <strong> (the answer) are the only elements.
    const snippetTags = await page
      .locator('[data-testid="snippet"] *')
      .evaluateAll((els) => [...new Set(els.map((e) => e.tagName))]);
    expect(snippetTags.filter((t) => t !== 'MARK' && t !== 'STRONG')).toEqual([]);

    // Widget (the host page has no CSP: an injected handler would run here)
    const host = await newPage();
    await host.page.goto(`${hostSite!.origin}/`);
    const input = host.page.locator('[data-testid="kensaku-input"]');
    await input.fill('XSSテスト文書');
    expect(await waitForWidgetAnswer(host.page, 'XSSテスト文書')).toEqual(DONE);
    const option = host.page.locator(`[data-testid="kensaku-hit"][data-document-id="${XSS_ID}"]`).first();
    await option.waitFor();
    const widgetSnippet = (await option.locator('[data-testid="kensaku-snippet"]').textContent()) ?? '';
    expect(widgetSnippet).toContain(XSS_SCRIPT);
    expect(widgetSnippet).toContain(XSS_IMG);
    expect(await option.locator('[data-testid="kensaku-title"]').textContent()).toBe(XSS_TITLE);
    const shadowTags = await host.page.evaluate(() => {
      const root = document.querySelector('[data-testid="kensaku-widget"]')!.shadowRoot!;
      return [...new Set([...root.querySelectorAll('*')].map((e) => e.tagName))];
    });
    expect(shadowTags).not.toContain('SCRIPT');
    expect(shadowTags).not.toContain('IMG');
    // An <img onerror> would have fired by now; give the event loop a moment to be sure.
    await host.page.waitForTimeout(300);

    expect(seen.dialogs).toEqual([]);
    expect(host.seen.dialogs).toEqual([]);
    expect(seen.pageErrors).toEqual([]);
    expect(host.seen.pageErrors).toEqual([]);
  });

  it('auth and CORS as the browser sees them', async () => {
    const probe = (page: Page, key: string) =>
      page.evaluate(
        async ([origin, k]) => {
          try {
            const res = await fetch(`${origin}/search?q=TPP`, { headers: { Authorization: `Bearer ${k}` } });
            return { status: res.status };
          } catch (e) {
            return { error: (e as Error).name };
          }
        },
        [apiOrigin, key] as const,
      );

    // Allowlisted origin: the cross-origin request goes through.
    const allowed = await newPage();
    await allowed.page.goto(`${hostSite!.origin}/`);
    expect(await probe(allowed.page, SEARCH_KEY)).toEqual({ status: 200 });

    // A wrong key there: the widget says so (the 401 must carry CORS headers to be readable).
    await allowed.page.evaluate((origin) => {
      (window as unknown as { Kensaku: { mount(t: string, o: object): unknown } }).Kensaku.mount('#other', {
        key: 'wrong-key',
        api: origin,
      });
    }, apiOrigin);
    const badHost = '#other [data-testid="kensaku-widget"]';
    await allowed.page.locator(`${badHost} [data-testid="kensaku-input"]`).fill('TPP');
    expect(await waitForWidgetAnswer(allowed.page, 'TPP', badHost)).toEqual({
      state: 'error',
      error: 'unauthorized: 検索キーが無効です',
    });
    expect(await allowed.page.locator(`${badHost} [data-testid="kensaku-error"]`).isVisible()).toBe(true);

    // Not allowlisted: the browser blocks the request even with the right key.
    const foreign = await newPage();
    await foreign.page.goto(`${foreignSite!.origin}/`);
    expect(await probe(foreign.page, SEARCH_KEY)).toEqual({ error: 'TypeError' });
    await foreign.page.locator('[data-testid="kensaku-input"]').fill('TPP');
    // The server answers, but not to this page: the widget names CORS and the origin to allow, not a dead server.
    expect(await waitForWidgetAnswer(foreign.page, 'TPP')).toEqual({
      state: 'error',
      error: `cors: 検索サーバーがこのサイト(${foreignSite!.origin})からの検索を許可していません(CORS_ORIGINS かキーの origins に追加してください)`,
    });
    expect(foreign.seen.console.join('\n')).toContain(`add ${foreignSite!.origin} to the server's CORS_ORIGINS`);
    expect(await foreign.page.locator('[data-testid="kensaku-error"]').isVisible()).toBe(true);
    expect(await foreign.page.locator('[data-testid="kensaku-hit"]').count()).toBe(0);

    // The search page without a key: an error banner, no results.
    const nokey = await newPage();
    await nokey.page.goto(`${apiOrigin}/?q=${encodeURIComponent('普天間')}`);
    expect(await waitForPageAnswer(nokey.page, '普天間')).toBe('error');
    const banner = nokey.page.locator('[data-testid="error"]');
    await banner.waitFor({ state: 'visible' });
    expect(await banner.getAttribute('data-code')).toBe('unauthorized');
    expect(await banner.textContent()).toContain('認証に失敗しました');
    expect(await nokey.page.locator('[data-testid="hit"]').count()).toBe(0);

    for (const p of [allowed, foreign, nokey]) expect(p.seen.pageErrors).toEqual([]);
  });

  it('search page with ?facet=tags: the tag counts, choosing a tag filters the hits and the URL, choosing it again clears it', async () => {
    const query = '庭園';
    const request = { q: query, mode: 'hybrid', limit: '10', facets: 'tags' };
    const { page, seen } = await newPage();
    await page.goto(`${apiOrigin}/?key=${SEARCH_KEY}&facet=tags`);
    await searchOnPage(page, query);

    const group = page.locator('[data-testid="facets"]');
    await group.waitFor({ state: 'visible' });
    expect(await group.getAttribute('role')).toBe('group');
    const labelId = await group.getAttribute('aria-labelledby');
    expect(await page.locator(`#${labelId}`).textContent()).toBe('タグで絞り込む');

    // The counts are the API's for the same request. Every garden holds 庭園, so the relevance floor drops the
    // semantic hits that do not: the counts are exact, and the page does not call them estimated.
    const all = await apiSearchWith(request);
    expect(all.facetsEstimated).toBe(false);
    expect(all.fusion?.floor?.dropped).toBeGreaterThan(0);
    const buttons = '[data-testid="facets"] [data-testid="facet-value"]';
    const before = await shownFacets(page, buttons);
    expect(before.counts).toEqual(all.facetDistribution!.tags);
    expect(before.order).toEqual(byCount(all.facetDistribution!.tags));
    expect(before.pressed).toEqual([]);
    expect(await page.locator('[data-testid="facets-estimated"]').isVisible()).toBe(false);
    const hitIds = () =>
      page
        .locator('[data-testid="results"] [data-testid="hit"]')
        .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-document-id')));
    expect(await hitIds()).toEqual(all.hits.map((h) => h.documentId));
    const status = page.locator('[data-testid="status"]');
    expect(await status.textContent()).toContain(`約 ${all.estimatedTotalHits.toLocaleString('ja-JP')} 件中`);

    // The quoted tag: only its documents, its filter in the URL state, its button pressed and still focused.
    const meisho = page.locator(`${buttons}[data-value=${JSON.stringify(MEISHO)}]`);
    expect(await meisho.getAttribute('aria-label')).toBe(`${MEISHO}(${all.facetDistribution!.tags[MEISHO]} 件)`);
    await meisho.click();
    await waitForPageFacet(page, MEISHO);
    const narrowed = await apiSearchWith({ ...request, filter: `tags = "名所 \\"三名園\\""` });
    expect(narrowed.hits.length).toBeGreaterThan(0);
    expect(await hitIds()).toEqual(narrowed.hits.map((h) => h.documentId));
    for (const id of await hitIds()) expect(taggedWith(MEISHO)).toContain(id);
    expect(await status.textContent()).toContain(`約 ${narrowed.estimatedTotalHits.toLocaleString('ja-JP')} 件中`);
    const after = await shownFacets(page, buttons);
    expect(after.counts).toEqual(narrowed.facetDistribution!.tags);
    expect(after.pressed).toEqual([MEISHO]);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-value'))).toBe(MEISHO);
    const url = new URL(page.url());
    expect(url.searchParams.get('facetValue')).toBe(MEISHO);
    expect(url.searchParams.get('facet')).toBe('tags');
    expect(url.searchParams.get('key')).toBe(SEARCH_KEY);
    expect(url.searchParams.get('q')).toBe(query);

    // Choosing it again clears the filter: the first answer again, nothing pressed, no value in the URL.
    await page.locator(`${buttons}[data-value=${JSON.stringify(MEISHO)}]`).click();
    await waitForPageFacet(page, '');
    expect(await hitIds()).toEqual(all.hits.map((h) => h.documentId));
    expect((await shownFacets(page, buttons)).pressed).toEqual([]);
    expect(new URL(page.url()).searchParams.has('facetValue')).toBe(false);

    // Back: the filtered answer from the URL state.
    await page.goBack();
    await waitForPageFacet(page, MEISHO);
    expect(await hitIds()).toEqual(narrowed.hits.map((h) => h.documentId));
    expect((await shownFacets(page, buttons)).pressed).toEqual([MEISHO]);
    expect(seen.pageErrors).toEqual([]);
  });

  it('search page without ?facet: no facet group and no facets= in its requests', async () => {
    const { page, seen } = await newPage();
    const sent: URL[] = [];
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.origin === apiOrigin && url.pathname === '/search') sent.push(url);
    });
    await page.goto(`${apiOrigin}/?key=${SEARCH_KEY}&facetValue=garden`);
    await searchOnPage(page, '庭園');
    expect(await page.locator('[data-testid="facets"]').isHidden()).toBe(true);
    expect(sent.length).toBeGreaterThan(0);
    for (const url of sent) expect([...url.searchParams.keys()]).toEqual(['q', 'mode', 'limit']);
    expect(seen.pageErrors).toEqual([]);
  });

  it('widget with data-facet="tags": chips with the counts, a chip filters the hits, keyboard selection keeps working', async () => {
    const query = '庭園';
    const request = { q: query, mode: 'keyword', limit: '5', facets: 'tags' };
    const { page, seen } = await newPage();
    await page.goto(`${hostSite!.origin}/facet`);
    const input = page.locator('[data-testid="kensaku-input"]');
    const listbox = page.locator('[data-testid="kensaku-results"]');
    const group = page.locator('[data-testid="kensaku-facets"]');
    await input.waitFor();
    expect(await group.isHidden()).toBe(true);

    await input.pressSequentially(query, { delay: 40 });
    expect(await waitForWidgetAnswer(page, query)).toEqual(DONE);
    await listbox.waitFor({ state: 'visible' });
    await group.waitFor({ state: 'visible' });
    expect(await group.getAttribute('role')).toBe('group');
    expect(await group.getAttribute('aria-label')).toBe('タグで絞り込む');

    const all = await apiSearchWith(request);
    expect(all.facetsEstimated).toBe(false); // keyword mode: exact counts, and no note
    const chips = '[data-testid="kensaku-facet"]';
    const before = await shownFacets(page, chips);
    expect(before.counts).toEqual(all.facetDistribution!.tags);
    expect(before.order).toEqual(byCount(all.facetDistribution!.tags));
    expect(before.pressed).toEqual([]);
    expect(await page.locator('[data-testid="kensaku-facets-estimated"]').count()).toBe(0);
    const options = page.locator('[data-testid="kensaku-hit"]');
    const hitIds = () => options.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-document-id')));
    expect(await hitIds()).toEqual(all.hits.map((h) => h.documentId));
    const selected = () =>
      options.evaluateAll((lis) => lis.map((li) => li.getAttribute('aria-selected')).indexOf('true'));
    const focused = () =>
      page.evaluate(() => {
        const el = document.querySelector('[data-testid="kensaku-widget"]')!.shadowRoot!.activeElement;
        return el ? `${el.getAttribute('data-testid')}:${el.getAttribute('data-value') ?? ''}` : null;
      });
    await input.press('ArrowDown');
    expect(await selected()).toBe(0);

    // A click on the quoted tag: focus stays in the input, the hits are that tag's, the live region counts them.
    await page.locator(`${chips}[data-value=${JSON.stringify(MEISHO)}]`).click();
    expect(await focused()).toBe('kensaku-input:');
    await waitForWidgetFacet(page, MEISHO);
    const narrowed = await apiSearchWith({ ...request, filter: `tags = "名所 \\"三名園\\""` });
    expect(narrowed.hits.length).toBeGreaterThan(1);
    expect(await hitIds()).toEqual(narrowed.hits.map((h) => h.documentId));
    for (const id of await hitIds()) expect(taggedWith(MEISHO)).toContain(id);
    expect(await page.locator('[data-testid="kensaku-status"]').textContent()).toContain(
      `${narrowed.hits.length} 件の候補`,
    );
    const after = await shownFacets(page, chips);
    expect(after.counts).toEqual(narrowed.facetDistribution!.tags);
    expect(after.pressed).toEqual([MEISHO]);

    // Arrow keys and Enter still select a hit, now among the filtered ones.
    await input.press('ArrowDown');
    await input.press('ArrowDown');
    expect(await selected()).toBe(1);
    await input.press('Enter');
    await page.waitForFunction(() => (window.__kensakuSelected?.length ?? 0) > 0, undefined, { timeout: UI_TIMEOUT });
    const picked = await page.evaluate(() => window.__kensakuSelected![0]);
    expect(picked).toMatchObject({ documentId: narrowed.hits[1].documentId, query });
    await listbox.waitFor({ state: 'hidden' });
    expect(await group.isHidden()).toBe(true); // the chips close with the list

    // Reopened, a click on the pressed chip clears it.
    await input.press('ArrowDown');
    await group.waitFor({ state: 'visible' });
    await page.locator(`${chips}[data-value=${JSON.stringify(MEISHO)}]`).click();
    await waitForWidgetFacet(page, '');
    expect(await hitIds()).toEqual(all.hits.map((h) => h.documentId));
    expect((await shownFacets(page, chips)).pressed).toEqual([]);

    // From the keyboard: Tab reaches the first chip with the list still open, Enter chooses it and the focus stays on
    // it, Escape goes back to the input, where the arrows select hits again.
    const first = before.order[0];
    await input.press('Tab');
    expect(await focused()).toBe(`kensaku-facet:${first}`);
    expect(await listbox.isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await waitForWidgetFacet(page, first);
    for (const id of await hitIds()) expect(taggedWith(first)).toContain(id);
    expect(await focused()).toBe(`kensaku-facet:${first}`);
    expect((await shownFacets(page, chips)).pressed).toEqual([first]);
    expect(await listbox.isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await focused()).toBe('kensaku-input:');
    await input.press('ArrowDown');
    expect(await selected()).toBe(0);

    // Emptying the box clears the chosen value too.
    await input.press('Escape');
    await input.press('Escape');
    expect(await input.inputValue()).toBe('');
    await input.pressSequentially(query, { delay: 40 });
    expect(await waitForWidgetAnswer(page, query)).toEqual(DONE);
    await waitForWidgetFacet(page, '');
    expect((await shownFacets(page, chips)).pressed).toEqual([]);

    expect(seen.dialogs).toEqual([]);
    expect(seen.pageErrors).toEqual([]);
  });

  it('deep links: a hit of a posted page links to the page at its section, and following it opens the page there', async () => {
    // Posted here, last, so the earlier tests' hits and counts are the sample's alone.
    const docsUrl = `${hostSite!.origin}${DOCS_PATH}`;
    await indexAllViaApi(
      service!.app,
      {
        id: DOCS_ID,
        filename: 'config.md',
        contentBase64: Buffer.from(DOCS_MARKDOWN).toString('base64'),
        url: docsUrl,
      },
      { authorization: `Bearer ${ADMIN_KEY}` },
    );
    // Where a browser stands after following a link: the page, the element the fragment names, and where it is.
    const landing = (p: Page) =>
      p.evaluate(() => {
        const target = document.querySelector(':target');
        return {
          path: location.pathname,
          target: target?.id ?? null,
          text: target?.textContent ?? null,
          top: Math.round(target?.getBoundingClientRect().top ?? -1),
          scrolled: window.scrollY > 0,
        };
      });
    const titleLink = (p: Page, path: string) =>
      p
        .locator(`[data-testid="results"] [data-testid="hit"][data-document-id="${DOCS_ID}"]`)
        .filter({ has: p.locator('[data-testid="heading-path"]', { hasText: path }) })
        .locator('[data-testid="title"] a');

    // The search page: the hit's title links to the page at the {#id} of its section.
    const { page, seen } = await newPage();
    await page.setViewportSize({ width: 1000, height: 760 });
    await page.goto(`${apiOrigin}/?key=${SEARCH_KEY}`);
    await searchOnPage(page, '深夜の保守時間に索引を作り直すには');
    const rebuild = titleLink(page, '設定 › 索引の再構築');
    expect(await rebuild.getAttribute('href')).toBe(`${docsUrl}#rebuild-index`);
    expect(await rebuild.textContent()).toBe('設定リファレンス');
    await page.screenshot({ path: '/tmp/deeplink.png', fullPage: true });
    await Promise.all([page.waitForURL(`${docsUrl}#rebuild-index`), rebuild.click()]);
    expect(await landing(page)).toMatchObject({
      path: DOCS_PATH,
      target: 'rebuild-index',
      text: '索引の再構築',
      scrolled: true,
    });
    expect(Math.abs((await landing(page)).top)).toBeLessThan(40); // the section's heading at the top of the window

    // A heading without an id: the slug the generator gave it, percent-encoded, opens that section in the browser.
    await page.goto(`${apiOrigin}/?key=${SEARCH_KEY}`);
    await searchOnPage(page, 'マスターキーを失くしたら', 'keyword');
    const connect = titleLink(page, '設定 › データベースの接続');
    expect(await connect.getAttribute('href')).toBe(`${docsUrl}#${encodeURIComponent(SLUG)}`);
    await Promise.all([page.waitForURL((u) => u.pathname === DOCS_PATH && u.hash !== ''), connect.click()]);
    expect(await landing(page)).toMatchObject({
      path: DOCS_PATH,
      target: SLUG,
      text: 'データベースの接続',
      scrolled: true,
    });
    expect(seen.pageErrors).toEqual([]);

    // The widget on the site: its option carries the same link, and choosing it opens the page at the section.
    const host = await newPage();
    await host.page.goto(`${hostSite!.origin}/`);
    const input = host.page.locator('[data-testid="kensaku-input"]');
    await input.fill('深夜の保守時間');
    expect(await waitForWidgetAnswer(host.page, '深夜の保守時間')).toEqual(DONE);
    const option = host.page.locator(`[data-testid="kensaku-hit"][data-document-id="${DOCS_ID}"]`).first();
    expect(await option.getAttribute('data-url')).toBe(`${docsUrl}#rebuild-index`);
    await Promise.all([host.page.waitForURL(`${docsUrl}#rebuild-index`), option.click()]);
    expect(await landing(host.page)).toMatchObject({ path: DOCS_PATH, target: 'rebuild-index', scrolled: true });
    expect(host.seen.pageErrors).toEqual([]);
  });
});
