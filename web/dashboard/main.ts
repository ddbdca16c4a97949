/*!
 * kensaku analytics dashboard (loaded by dashboard.html with `defer`; bundled from web/dashboard/ by web/build.ts,
 * with uPlot for the charts).
 *
 * Reads the same-origin GET /analytics/searches, /clicks, /top, /no-results and /low-ctr (admin) with
 * `Authorization: Bearer <key>`. Key lookup: `?key=` in the page URL, else the key typed into the page's form (this
 * tab's sessionStorage['kensaku.adminKey']), else the search page's localStorage['kensaku.key']. A 401 or 403 opens
 * the form; a keyless server (every caller is admin) needs none.
 *
 * URL state: ?range=24h|7d|30d (default 7d) and ?scope=key:<name>|origin:<name> (default: all), replaced as they
 * change; ?key= stays. The query links open the search page at /?q=<query> (with this page's ?key=, if any).
 *
 * DOM / test contract (static elements are listed in dashboard.html):
 *   [data-testid="dashboard"]    data-state: idle | loading | done | error (then [hidden]); data-scope: the scope
 *                                shown ('' = all); data-range: the range shown
 *   [data-testid="total-…"]      searches, zero-hits, clicks, click-through, mean-position: <dt> label, <dd> value
 *   [data-testid="chart-…"]      <figure>: a uPlot chart (canvas) in .chart-plot, a <figcaption> saying what it
 *                                shows; data-total (searches) / data-clicks (clicks) of the range
 *   [data-testid="query-row"]    <tr data-query> per query in the tables; [data-testid="query-link"] its link
 *   [data-testid="error"]        「…」 with data-code = the API's error code (or unreachable / bad_key / http_<status>)
 */
import { AnalyticsError } from './api.ts';
import { createCharts } from './charts.ts';
import { findElements, plotOf } from './dom.ts';
import { adminKey, rememberKey, urlKey } from './key.ts';
import { loadDashboard } from './load.ts';
import { failureMessage } from './messages.ts';
import { DEFAULT_RANGE, rangeName, rangeStart } from './range.ts';
import { fillScopes, parseScope, scopeValue } from './scope.ts';
import { renderDashboard } from './view.ts';

const els = findElements();
const charts = createCharts(plotOf(els.searchesFigure), plotOf(els.ctrFigure));
let seq = 0;

function writeUrl(): void {
  const url = new URL(location.href);
  const p = url.searchParams;
  if (els.range.value !== DEFAULT_RANGE) p.set('range', els.range.value);
  else p.delete('range');
  if (els.scope.value) p.set('scope', els.scope.value);
  else p.delete('scope');
  url.search = p.toString();
  if (url.href !== location.href) history.replaceState(null, '', url.href);
}

function showError(code: string, message: string): void {
  els.error.textContent = `エラー: ${message}`;
  els.error.setAttribute('data-code', code);
  els.error.hidden = false;
}

async function load(): Promise<void> {
  const my = ++seq;
  const range = rangeName(els.range.value);
  const scope = parseScope(els.scope.value);
  els.dashboard.setAttribute('data-state', 'loading');
  els.dashboard.setAttribute('aria-busy', 'true');
  els.status.textContent = '読み込み中…';
  try {
    const data = await loadDashboard(rangeStart(range), scope, adminKey());
    if (my !== seq) return;
    fillScopes(els.scope, data.all.keys, data.all.origins, scope);
    renderDashboard(els, charts, data, urlKey());
    els.error.hidden = true;
    els.keyForm.hidden = true;
    els.dashboard.hidden = false;
    els.status.textContent = `${els.range.selectedOptions[0]?.textContent ?? ''} · ${els.scope.selectedOptions[0]?.textContent ?? 'すべて'} の集計`;
    els.dashboard.setAttribute('data-scope', scopeValue(scope));
    els.dashboard.setAttribute('data-range', range);
    els.dashboard.setAttribute('data-state', 'done');
  } catch (e) {
    if (my !== seq) return;
    if (!(e instanceof AnalyticsError)) {
      console.error(e);
      showError('page_error', `表示中に問題が起きました: ${String(e)}`);
    } else {
      const { code, message, askKey } = failureMessage(e.failure);
      showError(code, message);
      console.error(`kensaku dashboard: ${code}: ${e.failure.message ?? message}`);
      if (askKey) {
        els.keyForm.hidden = false;
        els.keyInput.focus();
      }
    }
    els.status.textContent = '';
    // No figures rather than the last view's under another range or scope: the banner says why.
    els.dashboard.hidden = true;
    els.dashboard.setAttribute('data-state', 'error');
  } finally {
    if (my === seq) els.dashboard.removeAttribute('aria-busy');
  }
}

els.keyForm.addEventListener('submit', (e) => {
  e.preventDefault();
  rememberKey(els.keyInput.value.trim());
  els.keyInput.value = '';
  // A typed key replaces the URL's: drop ?key= so it does not win over it (and does not sit in the address bar).
  const url = new URL(location.href);
  if (url.searchParams.has('key')) {
    url.searchParams.delete('key');
    history.replaceState(null, '', url.href);
  }
  void load();
});

for (const control of [els.range, els.scope])
  control.addEventListener('change', () => {
    writeUrl();
    void load();
  });
els.reload.addEventListener('click', () => void load());

const initial = new URLSearchParams(location.search);
els.range.value = rangeName(initial.get('range'));
fillScopes(els.scope, [], [], parseScope(initial.get('scope') || ''));
void load();
