/*!
 * kensaku search page behaviour (loaded by index.html with `defer`; no framework; bundled from web/app/ by web/build.ts).
 *
 * Talks to the same-origin API: GET /search?q=&mode=&limit=10[&offset=][&groupBy=document]
 * with `Authorization: Bearer <key>` when a key is known. Key lookup (per request):
 *   1. `?key=` in the page URL (kept in the URL when the page rewrites ?q=)
 *   2. localStorage['kensaku.key']
 *
 * URL state: ?q=<query>[&mode=keyword|semantic][&groupBy=document][&facetValue=<value>]. Submitting
 * the form (or changing mode / grouping while a query is present, or choosing a facet value) pushes a
 * history entry; loading the page with ?q= runs the search; back/forward re-runs it. An empty query
 * clears the results without calling the API.
 *
 * Facet (off unless configured): `?facet=<attribute>` in the page URL (e.g. ?facet=tags; kept like ?key=)
 * sends facets=<attribute> and lists the attribute's values with their counts above the results.
 * Choosing a value searches again with filter=<attribute> = "<value>" (the value quoted and escaped)
 * and keeps it as ?facetValue=; choosing it again clears it. A new query keeps the chosen value.
 *
 * DOM / test contract (static elements are listed in index.html):
 *   [data-testid="results"]  data-state: idle | loading | done | error;
 *                            data-query: the query whose results are shown; aria-busy while loading
 *   [data-testid="hit"]      <li class="hit"> per hit, with data-legs="keyword,semantic" (or one
 *                            leg, or ""), data-chunk-id, data-document-id, data-position (1 first, paging
 *                            counted) and data-query-id (the search's queryId); opening its title link sends
 *                            POST /events {type: 'click', queryId, chunkId, position} with the key (fetch keepalive)
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
 *   [data-testid="results"]  data-facet-value: the facet value the shown results are filtered by (absent: none)
 *   [data-testid="facets"]   role="group" labelled by [data-testid="facets-label"] (「タグで絞り込む」);
 *                            data-facet = the attribute; data-estimated="true" when the counts include
 *                            semantic matches, and then [data-testid="facets-estimated"] (「≈ 概数」) shows;
 *                            [hidden] when no facet is configured or there is no value to list
 *     [data-testid="facet-value"]  <button aria-pressed="true|false"> per value, most frequent first,
 *                                  data-value, data-count; its [data-testid="facet-count"] shows the count
 *
 * Suggestions: the query box is a combobox (role="combobox", aria-expanded, aria-controls="q-suggestions",
 * aria-activedescendant) over [data-testid="suggestions"] <ul role="listbox" id="q-suggestions"> of
 * [data-testid="suggestion"] role="option" aria-selected, data-text, data-source; filled from GET /suggest 150 ms
 * after typing stops, never during an IME composition (asked on compositionend). ArrowDown/ArrowUp move, Enter or a
 * click searches the suggestion, Escape closes; Enter with none active submits what is typed. Failures show nothing
 * and log one console warning.
 *
 * Safety: title / headingPath / text and facet values are only ever inserted with textContent. The snippet is
 * HTML-escaped by the server except <mark> and <strong> tags; as defence in depth every "<" that
 * does not start exactly one of them is re-escaped before it is given to innerHTML.
 */
import { trackClicks } from './clicks.ts';
import { findElements } from './dom.ts';
import { configuredFacet } from './facet-config.ts';
import { facetValueOf } from './facets.ts';
import { createPageSearch } from './search.ts';
import { createSuggestBox } from './suggest-box.ts';
import { applyToForm, formState, readUrlState, writeUrlState, type PageQuery } from './url-state.ts';

const els = findElements();
const facet = configuredFacet();
const page = createPageSearch(els, facet);
let facetValue = '';
// A chosen suggestion is searched at once, as if submitted.
const suggestBox = createSuggestBox(els.q, () => show(formState(els, facetValue), true));

function show(s: PageQuery, push: boolean): void {
  suggestBox.close();
  facetValue = s.facetValue;
  if (push) writeUrlState(s);
  page.run(s);
}

els.form.addEventListener('submit', (e) => {
  e.preventDefault();
  show(formState(els, facetValue), true);
});

function onOptionChange(): void {
  const s = formState(els, facetValue);
  if (!s.query) return;
  show(s, true);
}
els.mode.addEventListener('change', onOptionChange);
els.group.addEventListener('change', onOptionChange);

// Choosing a value filters by it; choosing the pressed one clears it.
els.facetValues.addEventListener('click', (e) => {
  const value = facetValueOf(e.target, els);
  if (value === null) return;
  const s = formState(els, value === facetValue ? '' : value);
  if (s.query) show(s, true);
});

els.more.addEventListener('click', () => page.more());
trackClicks(els.results);

window.addEventListener('popstate', () => {
  const s = readUrlState(facet);
  applyToForm(els, s);
  show(s, false);
});

// "/" focuses the search box (unless typing somewhere already).
document.addEventListener('keydown', (e) => {
  if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
  const t = e.target as HTMLElement | null;
  const tag = t?.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || t?.isContentEditable) return;
  e.preventDefault();
  els.q.focus();
  els.q.select();
});

const initial = readUrlState(facet);
applyToForm(els, initial);
facetValue = initial.facetValue;
if (initial.query) page.run(initial);
else els.q.focus();
