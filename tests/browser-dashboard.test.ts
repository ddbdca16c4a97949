/**
 * The analytics dashboard (/dashboard) in real Chromium against the real service: searches made through the API (some
 * finding nothing, from two keys and two origins) and a click show up in its charts and tables; the key/origin
 * switch and the range change the figures; a query link runs the query on the search page; a missing or wrong key and
 * ANALYTICS=off are said in the page. A screenshot goes to test-results/dashboard.png.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { closeAll, launchChromium, serveFetch, type HttpHandle } from './helpers/browser-env.ts';
import { UI_TIMEOUT, waitForPageAnswer, watchPage } from './helpers/browser-pages.ts';
import { indexAllViaApi, ROOT, startTestService, type TestService } from './helpers/service.ts';

const ADMIN_KEY = 'admin-key-dashboard-0123456789';
const SEARCH_KEY = 'search-key-dashboard-0123456789';
const SITE = 'https://site.example';
const OTHER = 'https://other.example';
const SHOTS = path.join(ROOT, 'test-results');
const MISSING = '存在しない語ぴよ';

const documents = [
  { id: 'futenma', text: '普天間飛行場の移設について日米外相会談で述べた。' },
  { id: 'kenrokuen', text: '兼六園の庭園は金沢にある。' },
  { id: 'tpp', text: 'TPP交渉の年内妥結を目指すことで一致した。' },
];

let browser: Browser | undefined;
let service: TestService | undefined;
let off: TestService | undefined;
let api: HttpHandle | undefined;
let offApi: HttpHandle | undefined;
const contexts: BrowserContext[] = [];

interface Search {
  queryId: string;
  hits: { chunkId: string }[];
}

async function search(q: string, key: string, origin?: string): Promise<Search> {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (origin) headers.origin = origin;
  const res = await service!.app.request(`/search?${new URLSearchParams({ q, mode: 'keyword' })}`, { headers });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Search;
}

async function open(url: string) {
  const context = await browser!.newContext({ locale: 'ja-JP', viewport: { width: 1100, height: 1600 } });
  contexts.push(context);
  context.setDefaultTimeout(UI_TIMEOUT);
  const page = await context.newPage();
  const seen = watchPage(page);
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400 && new URL(r.url()).pathname !== '/favicon.ico') failed.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(url);
  return { page, seen, failed };
}

/** Waits for the dashboard to finish loading (done or error) and returns the state. */
async function settled(page: Page): Promise<string> {
  const handle = await page.waitForFunction(
    () => {
      const state = document.querySelector('[data-testid="dashboard"]')?.getAttribute('data-state');
      return state === 'done' || state === 'error' ? state : false;
    },
    undefined,
    { timeout: UI_TIMEOUT },
  );
  return (await handle.jsonValue()) as string;
}

const total = (page: Page, id: string) => page.locator(`[data-testid="total-${id}"] dd`).textContent();

/** The queries a table lists, in order, with one column's text. */
async function rows(page: Page, table: string): Promise<string[]> {
  return page
    .locator(`[data-testid="${table}"] [data-testid="query-row"]`)
    .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-query') ?? ''));
}

/** Blue pixels of a chart's canvas: uPlot draws the data in the page's accent blue, the axes and grid in greys. */
async function seriesPixels(page: Page, figure: string): Promise<number> {
  return page.locator(`[data-testid="${figure}"] canvas`).evaluate((c) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && data[i + 2] - data[i] > 40) n++;
    return n;
  });
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  service = await startTestService({ ADMIN_KEY, SEARCH_KEY, ANALYTICS_FLUSH_MS: '3600000' }, { embeddings: false });
  await indexAllViaApi(service.app, { documents }, { authorization: `Bearer ${ADMIN_KEY}` });
  // The search key from the site: 普天間 ×3 (one clicked), 兼六園 ×2, a query that finds nothing ×2.
  const clicked = await search('普天間', SEARCH_KEY, SITE);
  expect(clicked.hits.length).toBeGreaterThan(0);
  await search('普天間', SEARCH_KEY, SITE);
  await search('普天間', SEARCH_KEY, SITE);
  await search('兼六園', SEARCH_KEY, SITE);
  await search('兼六園', SEARCH_KEY, SITE);
  await search(MISSING, SEARCH_KEY, SITE);
  await search(MISSING, SEARCH_KEY, SITE);
  // The admin key from another origin: TPP交渉 once.
  await search('TPP交渉', ADMIN_KEY, OTHER);
  const res = await service.app.request('/events', {
    method: 'POST',
    headers: { authorization: `Bearer ${SEARCH_KEY}`, 'content-type': 'application/json', origin: SITE },
    body: JSON.stringify({ type: 'click', queryId: clicked.queryId, chunkId: clicked.hits[0].chunkId, position: 1 }),
  });
  expect(res.status, await res.clone().text()).toBe(202);
  api = await serveFetch(service.app.fetch);
  off = await startTestService({ ADMIN_KEY, ANALYTICS: 'off' }, { embeddings: false });
  offApi = await serveFetch(off.app.fetch);
  browser = await launchChromium();
}, 180_000);
afterAll(() =>
  closeAll([
    ...contexts.map((c) => () => c.close()),
    browser && (() => browser!.close()),
    api && (() => api!.close()),
    offApi && (() => offApi!.close()),
    service && (() => service!.close()),
    off && (() => off!.close()),
  ]),
);

describe('the dashboard with the admin key', () => {
  it('charts the searches and the click-through, and lists the top and no-result queries', async () => {
    const { page, seen, failed } = await open(`${api!.origin}/dashboard?key=${ADMIN_KEY}`);
    expect(await settled(page)).toBe('done');
    await page.screenshot({ path: path.join(SHOTS, 'dashboard.png'), fullPage: true });
    expect(await total(page, 'searches')).toBe('8');
    expect(await total(page, 'zero-hits')).toBe('2 (25%)');
    expect(await total(page, 'clicks')).toBe('1');
    expect(await total(page, 'click-through')).toBe('12.5%');
    expect(await total(page, 'mean-position')).toBe('1 位');

    // Both charts drawn with data, each with a caption saying it in words.
    expect(await seriesPixels(page, 'chart-searches')).toBeGreaterThan(20);
    expect(await seriesPixels(page, 'chart-ctr')).toBeGreaterThan(5);
    const searchesCaption = await page.locator('[data-testid="chart-searches"] figcaption').textContent();
    expect(searchesCaption).toContain('検索 8 回、うち結果 0 件が 2 回');
    expect(await page.locator('[data-testid="chart-ctr"] figcaption').textContent()).toContain('クリック率は 12.5%');

    expect(await rows(page, 'top')).toEqual(['普天間', '兼六園', MISSING, 'TPP交渉']);
    expect(await rows(page, 'no-results')).toEqual([MISSING]);
    expect(await page.locator('[data-testid="top"] thead th').first().textContent()).toBe('検索語');
    const futenma = page.locator('[data-testid="top"] [data-query="普天間"] td');
    expect(await futenma.allTextContents()).toEqual(['3', '0', '1', '33.3%', '1 位']);

    // The switch offers what the range saw: both keys, both origins.
    const options = await page
      .locator('[data-testid="scope"] option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options.sort()).toEqual(['', 'key:admin', 'key:search-key', `origin:${OTHER}`, `origin:${SITE}`].sort());
    // A phone's width: the charts follow their box.
    await page.setViewportSize({ width: 400, height: 1600 });
    await page.waitForFunction(() => {
      const canvas = document.querySelector('[data-testid="chart-searches"] canvas') as HTMLCanvasElement | null;
      return canvas !== null && canvas.getBoundingClientRect().width < 400;
    });
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-narrow.png'), fullPage: true });
    expect(seen.pageErrors).toEqual([]);
    // Every script, style sheet and view loaded (the browser's own /favicon.ico request aside).
    expect(failed).toEqual([]);
  });

  it('the key and origin switch and the range change the figures, and stay in the URL', async () => {
    const { page } = await open(`${api!.origin}/dashboard?key=${ADMIN_KEY}`);
    expect(await settled(page)).toBe('done');

    await page.locator('[data-testid="scope"]').selectOption(`origin:${OTHER}`);
    await page.waitForSelector(`[data-testid="dashboard"][data-state="done"][data-scope="origin:${OTHER}"]`);
    expect(await total(page, 'searches')).toBe('1');
    expect(await total(page, 'clicks')).toBe('0');
    expect(await rows(page, 'top')).toEqual(['TPP交渉']);
    expect(await rows(page, 'no-results')).toEqual([]);
    expect(await page.locator('[data-testid="no-results"] td').textContent()).toBe('結果 0 件の検索はありません');
    expect(await page.locator('[data-testid="chart-searches"]').getAttribute('data-total')).toBe('1');
    expect(new URL(page.url()).searchParams.get('scope')).toBe(`origin:${OTHER}`);

    await page.locator('[data-testid="scope"]').selectOption('key:search-key');
    await page.waitForSelector('[data-testid="dashboard"][data-state="done"][data-scope="key:search-key"]');
    expect(await total(page, 'searches')).toBe('7');
    expect(await total(page, 'click-through')).toBe('14.3%');
    expect(await rows(page, 'top')).toEqual(['普天間', '兼六園', MISSING]);

    await page.locator('[data-testid="range"]').selectOption('24h');
    await page.waitForSelector('[data-testid="dashboard"][data-state="done"][data-range="24h"]');
    expect(await total(page, 'searches')).toBe('7');
    expect(await page.locator('[data-testid="chart-searches"] figcaption').textContent()).toContain(
      '24 時間の検索 7 回',
    );

    // Reopened from its URL, the page shows the same view.
    await page.reload();
    expect(await settled(page)).toBe('done');
    expect(await page.locator('[data-testid="scope"]').inputValue()).toBe('key:search-key');
    expect(await page.locator('[data-testid="range"]').inputValue()).toBe('24h');
    expect(await total(page, 'searches')).toBe('7');

    // In dark mode the charts take the page's dark colours, and still draw the data.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    expect(await settled(page)).toBe('done');
    expect(await seriesPixels(page, 'chart-searches')).toBeGreaterThan(20);
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-dark.png'), fullPage: true });
  });

  it('a query link runs the query on the search page', async () => {
    const { page, seen } = await open(`${api!.origin}/dashboard?key=${ADMIN_KEY}`);
    expect(await settled(page)).toBe('done');
    await page.locator('[data-testid="top"] [data-query="普天間"] [data-testid="query-link"]').click();
    await page.waitForURL((u) => u.pathname === '/' && u.searchParams.get('q') === '普天間');
    expect(await waitForPageAnswer(page, '普天間')).toBe('done');
    expect(await page.locator('[data-testid="q"]').inputValue()).toBe('普天間');
    expect(await page.locator('[data-testid="hit"]').count()).toBeGreaterThan(0);
    expect(seen.pageErrors).toEqual([]);
  });

  it('the search page footer links to it', async () => {
    const { page } = await open(`${api!.origin}/`);
    await page.locator('[data-testid="dashboard-link"]').click();
    await page.waitForURL((u) => u.pathname === '/dashboard');
    expect(await page.title()).toBe('検索分析 | kensaku');
  });
});

describe('what the dashboard says when it cannot show the figures', () => {
  it('without a key: asks for one; a typed admin key then shows the figures', async () => {
    const { page } = await open(`${api!.origin}/dashboard`);
    expect(await settled(page)).toBe('error');
    expect(await page.locator('[data-testid="error"]').getAttribute('data-code')).toBe('unauthorized');
    expect(await page.locator('[data-testid="error"]').textContent()).toContain('管理キーを入力してください');
    expect(await page.locator('[data-testid="key-form"]').isVisible()).toBe(true);
    await page.locator('[data-testid="admin-key"]').fill(ADMIN_KEY);
    await page.locator('[data-testid="key-submit"]').click();
    await page.waitForSelector('[data-testid="dashboard"][data-state="done"]');
    expect(await page.locator('[data-testid="error"]').isHidden()).toBe(true);
    expect(await page.locator('[data-testid="key-form"]').isHidden()).toBe(true);
    expect(await rows(page, 'top')).toContain('普天間');
    // The typed key lasts for the tab: a reload needs no form.
    await page.reload();
    expect(await settled(page)).toBe('done');
  });

  it('the search key: says the admin key is needed', async () => {
    const { page } = await open(`${api!.origin}/dashboard?key=${SEARCH_KEY}`);
    expect(await settled(page)).toBe('error');
    expect(await page.locator('[data-testid="error"]').getAttribute('data-code')).toBe('forbidden');
    expect(await page.locator('[data-testid="error"]').textContent()).toContain('管理キー (ADMIN_KEY) が必要です');
    expect(await page.locator('[data-testid="key-form"]').isVisible()).toBe(true);
  });

  it('ANALYTICS=off: says analytics are off, not a blank page', async () => {
    const { page } = await open(`${offApi!.origin}/dashboard?key=${ADMIN_KEY}`);
    expect(await settled(page)).toBe('error');
    expect(await page.locator('[data-testid="error"]').getAttribute('data-code')).toBe('analytics_off');
    expect(await page.locator('[data-testid="error"]').textContent()).toContain('検索分析がオフです (ANALYTICS=off)');
    expect(await page.locator('[data-testid="key-form"]').isHidden()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-analytics-off.png') });
  });
});
