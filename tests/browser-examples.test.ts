/**
 * The example pages `npm start` serves (/examples/widget.html, /examples/instantsearch.html, InstantSearch.js served
 * locally), and what the widget and the InstantSearch example say when a search cannot be made: a key a header cannot
 * carry (a placeholder left in the page), an expired key, a key of another site, a rate limit. In real Chromium
 * against the real service; screenshots of the examples go to test-results/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { closeAll, launchChromium, serveFetch, type HttpHandle } from './helpers/browser-env.ts';
import { openPage, UI_TIMEOUT, waitForWidgetAnswer } from './helpers/browser-pages.ts';
import { indexAllViaApi, ROOT, SAMPLE_PATH, startTestService, type TestService } from './helpers/service.ts';
import { readFileSync } from 'node:fs';

const ADMIN_KEY = 'admin-key-examples-0123456789';
const SEARCH_KEY = 'search-key-examples-0123456789';
const SHOTS = path.join(ROOT, 'test-results');

let browser: Browser | undefined;
let service: TestService | undefined;
let api: HttpHandle | undefined;
const contexts: BrowserContext[] = [];

const open = (url: string) => openPage(browser!, contexts, url, { width: 1000, height: 800 });

async function mint(body: object): Promise<string> {
  const res = await fetch(`${api!.origin}/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { key: string }).key;
}

/** Types into the widget of the example page and waits for its answer (or its error). */
async function widgetSearch(page: Page, q: string) {
  await page.locator('[data-testid="kensaku-input"]').fill(q);
  return waitForWidgetAnswer(page, q);
}

/** Types into the InstantSearch example and waits for its hits or its error box. */
async function instantSearch(page: Page, q: string): Promise<{ hits: number; error: string | null }> {
  await page.locator('#searchbox input').fill(q);
  const handle = await page.waitForFunction(
    () => {
      const error = document.querySelector('[data-testid="example-error"]') as HTMLElement | null;
      if (error && !error.hidden) return { hits: 0, error: error.textContent };
      const hits = document.querySelectorAll('#hits .ais-Hits-item').length;
      return hits ? { hits, error: null } : false;
    },
    undefined,
    { timeout: UI_TIMEOUT },
  );
  return (await handle.jsonValue()) as { hits: number; error: string | null };
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  service = await startTestService({ ADMIN_KEY, SEARCH_KEY }, { embeddings: false });
  await indexAllViaApi(
    service.app,
    { documents: [{ id: 'sample', text: readFileSync(SAMPLE_PATH, 'utf8'), tags: ['外交'] }] },
    { authorization: `Bearer ${ADMIN_KEY}` },
  );
  api = await serveFetch(service.app.fetch);
  browser = await launchChromium();
}, 180_000);
afterAll(() =>
  closeAll([
    ...contexts.map((c) => () => c.close()),
    browser && (() => browser!.close()),
    api && (() => api!.close()),
    service && (() => service!.close()),
  ]),
);

describe('the example pages', () => {
  it('the search page links to both; the widget example finds 普天間 with the key from ?key=', async () => {
    const { page: home } = await open(`${api!.origin}/?key=${SEARCH_KEY}`);
    await home.locator('[data-testid="example-link"]').click();
    await home.waitForURL(/\/examples\/widget\.html$/);
    const { page, seen } = await open(`${api!.origin}/examples/widget.html?key=${SEARCH_KEY}`);
    expect(await widgetSearch(page, '普天間')).toEqual({ state: 'done', error: null });
    expect(await page.locator('[data-testid="kensaku-hit"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="kensaku-hit"]').first().textContent()).toContain('普天間');
    await page.screenshot({ path: path.join(SHOTS, 'example-widget.png') });
    expect(seen.pageErrors).toEqual([]);
  });

  it('the InstantSearch example runs InstantSearch.js served by kensaku itself, no CDN', async () => {
    const { page, seen } = await open(`${api!.origin}/examples/instantsearch.html?key=${SEARCH_KEY}`);
    const requested: string[] = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.reload();
    const answer = await instantSearch(page, '普天間');
    expect(answer.error).toBeNull();
    expect(answer.hits).toBeGreaterThan(0);
    expect(await page.locator('#hits mark').first().textContent()).toBe('普天間');
    expect(requested.every((u) => u.startsWith(api!.origin))).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'example-instantsearch.png') });
    expect(seen.pageErrors).toEqual([]);
  });
});

describe('what a search that cannot be made says, in the page and the console', () => {
  it('a placeholder key (characters a header cannot carry): named, in the widget and in InstantSearch', async () => {
    const placeholder = encodeURIComponent('ここに検索キー');
    const widget = await open(`${api!.origin}/examples/widget.html?key=${placeholder}`);
    expect(await widgetSearch(widget.page, '普天間')).toEqual({
      state: 'error',
      error: 'bad_key: 検索キーに使えない文字が含まれています(data-key が仮の値のままではありませんか)',
    });
    expect(widget.seen.console.join('\n')).toContain('placeholder');
    const is = await open(`${api!.origin}/examples/instantsearch.html?key=${placeholder}`);
    const answer = await instantSearch(is.page, '普天間');
    expect(answer.error).toContain('the API key holds characters an HTTP header cannot carry');
    await is.page.screenshot({ path: path.join(SHOTS, 'example-instantsearch-bad-key.png') });
    expect([...widget.seen.pageErrors, ...is.seen.pageErrors]).toEqual([]);
  });

  it('an expired key, a key for another site, and a rate limit with its wait', async () => {
    const expired = await mint({ description: 'old', expiresAt: new Date(Date.now() + 1500).toISOString() });
    await new Promise((r) => setTimeout(r, 2000));
    const old = await open(`${api!.origin}/examples/widget.html?key=${expired}`);
    expect(await widgetSearch(old.page, '普天間')).toEqual({
      state: 'error',
      error: 'key_expired: 検索キーの有効期限が切れています',
    });
    expect(old.seen.console.join('\n')).toContain('the key has expired');

    const elsewhere = await mint({ description: 'shop', origins: ['https://shop.example'] });
    const wrong = await open(`${api!.origin}/examples/widget.html?key=${elsewhere}`);
    expect(await widgetSearch(wrong.page, '普天間')).toEqual({
      state: 'error',
      error: 'wrong_origin: この検索キーは別のサイト用です',
    });
    expect(wrong.seen.console.join('\n')).toContain('https://shop.example');

    // Two a minute: the first query's suggestions and its search; the second query's are over the limit.
    const slow = await mint({ description: 'slow', rateLimitPerMinute: 2 });
    const limited = await open(`${api!.origin}/examples/widget.html?key=${slow}`);
    expect(await widgetSearch(limited.page, '普天間')).toEqual({ state: 'done', error: null });
    const second = await widgetSearch(limited.page, '辺野古');
    expect(second.state).toBe('error');
    expect(second.error).toMatch(/^rate_limited: 検索が混み合っています。\d+ 秒後にお試しください$/);
    expect(limited.seen.console.join('\n')).toContain('rate limited');
  });
});
