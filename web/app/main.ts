/*!
 * kensaku search page behaviour (loaded by index.html with `defer`; no framework; bundled from web/app/ by web/build.ts).
 *
 * Talks to the same-origin API: GET /search?q=&mode=&limit=10[&offset=][&groupBy=document]
 * with `Authorization: Bearer <key>` when a key is known. Key lookup (per request):
 *   1. `?key=` in the page URL (kept in the URL when the page rewrites ?q=)
 *   2. localStorage['kensaku.key']
 *
 * URL state: ?q=<query>[&mode=keyword|semantic][&groupBy=document]. Submitting the form
 * (or changing mode / grouping while a query is present) pushes a history entry; loading
 * the page with ?q= runs the search; back/forward re-runs it. An empty query clears the
 * results without calling the API.
 *
 * DOM / test contract (static elements are listed in index.html):
 *   [data-testid="results"]  data-state: idle | loading | done | error;
 *                            data-query: the query whose results are shown; aria-busy while loading
 *   [data-testid="hit"]      <li class="hit"> per hit, with data-legs="keyword,semantic" (or one
 *                            leg, or ""), data-chunk-id, data-document-id
 *     [data-testid="title"]         title (textContent; wrapped in <a> when hit.url is http(s))
 *     [data-testid="legs"]          badge e.g. "キーワード #1 · 意味 #3", same data-legs attribute;
 *                                   omitted when the hit has no explain info
 *     [data-testid="heading-path"]  headingPath joined with " › " (omitted when empty)
 *     [data-testid="snippet"]       snippet HTML; only <mark> (query words) and <strong> (the answer) survive as markup
 *     [data-testid="score"]         "スコア 0.830"
 *   [data-testid="degraded"] one <p> per degraded leg, e.g. 「意味検索は現在利用できません: reason」;
 *                            data-legs lists the degraded legs
 *   [data-testid="error"]    「エラー: message」, data-code = API error code (or network_error / http_<status>)
 *   [data-testid="empty"]    shown when a completed search returned 0 hits
 *   [data-testid="more"]     loads the next page (offset) and appends hits
 *
 * Safety: title / headingPath / text are only ever inserted with textContent. The snippet is
 * HTML-escaped by the server except <mark> and <strong> tags; as defence in depth every "<" that
 * does not start exactly one of them is re-escaped before it is given to innerHTML.
 */
import { findElements } from './dom.ts';
import { createPageSearch } from './search.ts';
import { applyToForm, formState, readUrlState, writeUrlState } from './url-state.ts';

const els = findElements();
const page = createPageSearch(els);

els.form.addEventListener('submit', (e) => {
  e.preventDefault();
  const s = formState(els);
  writeUrlState(s);
  page.run(s);
});

function onOptionChange(): void {
  const s = formState(els);
  if (!s.query) return;
  writeUrlState(s);
  page.run(s);
}
els.mode.addEventListener('change', onOptionChange);
els.group.addEventListener('change', onOptionChange);

els.more.addEventListener('click', () => page.more());

window.addEventListener('popstate', () => {
  const s = readUrlState();
  applyToForm(els, s);
  page.run(s);
});

// "/" focuses the search box (unless typing somewhere already).
document.addEventListener('keydown', (e) => {
  if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
  const t = e.target as HTMLElement | null;
  const tag = t && t.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (t && t.isContentEditable)) return;
  e.preventDefault();
  els.q.focus();
  els.q.select();
});

const initial = readUrlState();
applyToForm(els, initial);
if (initial.query) page.run(initial);
else els.q.focus();
