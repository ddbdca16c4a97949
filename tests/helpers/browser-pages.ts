import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * The host page's widget debounce: well above the test's 40 ms typing pauses, since a loaded CI machine can stall one
 * keystroke past the default 200 ms, which would make a search per keystroke look like a debounce bug.
 */
export const HOST_DEBOUNCE_MS = 600;

/** Generous: the first searches load the model's session and Meilisearch's caches. */
export const UI_TIMEOUT = 30_000;

export interface SelectRecord {
  documentId: string;
  chunkId: string;
  query: string | null;
}

declare global {
  interface Window {
    /** Filled by the widget host page's own listener (see widgetHostPage). */
    __kensakuSelected?: SelectRecord[];
  }
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * A third-party page embedding the widget the documented way: a target div and a <script src>
 * from the API's origin with data-key / data-target. Like a real embedder it listens for
 * `kensaku:select` on its own document (the event is bubbling and composed). Without suggestions, so the arrows walk
 * the hits alone (suggestions above them: tests/browser-suggest-clicks.test.ts).
 */
export function widgetHostPage(o: { apiOrigin: string; key: string; heading: string }): string {
  return `<!doctype html>
<html lang="ja">
<head><meta charset="utf-8"><title>${attr(o.heading)}</title></head>
<body>
  <h1>${attr(o.heading)}</h1>
  <div id="search"></div>
  <div id="other"></div>
  <script>
    window.__kensakuSelected = [];
    document.addEventListener('kensaku:select', function (e) {
      window.__kensakuSelected.push({ documentId: e.detail.documentId, chunkId: e.detail.chunkId, query: e.detail.query });
    });
  </script>
  <script src="${attr(o.apiOrigin)}/widget.js" data-key="${attr(o.key)}" data-target="#search" data-debounce="${HOST_DEBOUNCE_MS}"
          data-suggestions="0"></script>
</body>
</html>`;
}

/** Records what a user would see go wrong: alert()/confirm() dialogs, uncaught page errors, and console errors. */
export function watchPage(page: Page) {
  const dialogs: string[] = [];
  const pageErrors: string[] = [];
  const console: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') console.push(m.text());
  });
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  return { dialogs, pageErrors, console };
}

/**
 * Waits until the search page shows the answer to `query` (results data-state done or error,
 * data-query = query for done). Returns the final state so a failure can show the banner text.
 */
export async function waitForPageAnswer(page: Page, query: string): Promise<'done' | 'error'> {
  const handle = await page.waitForFunction(
    (q) => {
      const r = document.querySelector('[data-testid="results"]');
      const state = r?.getAttribute('data-state');
      if (state === 'done' && r?.getAttribute('data-query') === q) return 'done';
      if (state === 'error') return 'error';
      return false;
    },
    query,
    { timeout: UI_TIMEOUT },
  );
  return (await handle.jsonValue()) as 'done' | 'error';
}

/** Types a query into the search page's box, optionally picks a mode, submits, waits for the answer. */
export async function searchOnPage(page: Page, query: string, mode?: 'hybrid' | 'keyword' | 'semantic') {
  await page.locator('[data-testid="q"]').fill(query);
  if (mode) await page.locator('[data-testid="mode"]').selectOption(mode);
  await page.locator('[data-testid="submit"]').click();
  const state = await waitForPageAnswer(page, query);
  if (state !== 'done') {
    const banner = await page.locator('[data-testid="error"]').textContent();
    throw new Error(`search page showed an error for ${JSON.stringify(query)}: ${banner}`);
  }
}

/**
 * Waits until the widget's listbox holds the answer (done or error) to `query`. Returns the state and,
 * for an error, the message the user sees as "<data-code>: <text>" (so a failed expectation says why).
 */
export async function waitForWidgetAnswer(page: Page, query: string, hostSelector = '[data-testid="kensaku-widget"]') {
  const handle = await page.waitForFunction(
    ([sel, q]) => {
      const host = document.querySelector(sel);
      const list = host?.shadowRoot?.querySelector('[data-testid="kensaku-results"]');
      const state = list?.getAttribute('data-state');
      if ((state !== 'done' && state !== 'error') || list?.getAttribute('data-query') !== q) return false;
      const err = list.querySelector('[data-testid="kensaku-error"]');
      return { state, error: err ? `${err.getAttribute('data-code')}: ${err.textContent}` : null };
    },
    [hostSelector, query] as const,
    { timeout: UI_TIMEOUT },
  );
  return (await handle.jsonValue()) as { state: 'done' | 'error'; error: string | null };
}

/** A fresh Japanese-locale context (kept in `contexts` for the file's afterAll to close) with `url` open and watched. */
export async function openPage(
  browser: Browser,
  contexts: BrowserContext[],
  url: string,
  viewport: { width: number; height: number },
): Promise<{ page: Page; seen: ReturnType<typeof watchPage> }> {
  const context = await browser.newContext({ locale: 'ja-JP', viewport });
  contexts.push(context);
  context.setDefaultTimeout(UI_TIMEOUT);
  const page = await context.newPage();
  const seen = watchPage(page);
  await page.goto(url);
  return { page, seen };
}
