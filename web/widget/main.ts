/*!
 * kensaku embeddable search box (served at GET /widget.js). No dependencies; bundled from web/widget/ by web/build.ts.
 *
 * Embed:
 *   <div id="search"></div>
 *   <script src="https://search.example/widget.js"
 *           data-key="SEARCH_KEY"        optional; sent as "Authorization: Bearer SEARCH_KEY"
 *           data-target="#search"        optional CSS selector; default: right after this <script>
 *           data-limit="5"               optional, hits per query (default 5)
 *           data-mode="hybrid"           optional, hybrid | keyword | semantic (default hybrid)
 *           data-placeholder="検索"      optional input placeholder (default 検索)
 *           data-debounce="200"          optional, ms of typing pause before searching (default 200)
 *           data-min-length="1"          optional, minimum query length (default 1)
 *           data-group-by="document"     optional, sends groupBy=document
 *           data-label="サイト内検索"     optional accessible name of the input
 *           data-api="https://…"         optional API origin override (default: origin of this script's src)
 *           data-facet="tags"            optional, a filterable attribute whose values are chips above the results
 *           data-suggestions="5"         optional, suggestions (GET /suggest) above the results; 0: none (default 5)
 *   ></script>
 *
 * The API origin is new URL(script.src).origin; requests go to <origin>/search?q=&mode=&limit=.
 * Everything is wrapped in an IIFE; the only global is window.Kensaku:
 *   Kensaku.mount(targetOrSelector, { key, limit, mode, placeholder, debounce, minLength, groupBy, label, api, facet,
 *                                     suggestions })
 *     → instance { host, root, input, listbox, search(q) → Promise, close(), destroy() }
 *   Kensaku.instances  — all mounted instances
 *
 * DOM / test contract. The widget creates a host element
 *   <div class="kensaku-widget" data-testid="kensaku-widget">  (inside data-target, or after the script)
 * with an OPEN shadow root (host.shadowRoot) containing:
 *   input   [data-testid="kensaku-input"]   part="input"   role="combobox" aria-autocomplete="list"
 *           aria-expanded="true|false" aria-controls=<listbox id> aria-activedescendant=<active option id>
 *   listbox [data-testid="kensaku-results"] part="listbox" role="listbox", [hidden] while closed;
 *           data-state = idle | loading | done | error; data-query = query of the rendered results;
 *           aria-busy="true" while a request is in flight; data-degraded = "semantic" etc. when the
 *           API answered with degraded legs
 *   option  [data-testid="kensaku-hit"]     part="option"  role="option" aria-selected="true|false",
 *           data-index, data-chunk-id, data-document-id, data-url (only http(s) urls)
 *     [data-testid="kensaku-title"] part="title", [data-testid="kensaku-heading-path"] part="path"
 *     (headingPath joined with " › ", omitted when empty), [data-testid="kensaku-snippet"] part="snippet"
 *   suggestions, first in the listbox while there are some for what the input says:
 *     [data-testid="kensaku-suggestions"] part="suggestions" <li role="group"> labelled 「検索候補」, holding
 *     [data-testid="kensaku-suggestion"] part="option suggestion" role="option" aria-selected, id <uid>-sug-<i>,
 *           data-text (the suggestion), data-source (query | title | heading | term | synonym); the typed prefix
 *           in <mark> when the server marked it. One listbox, not two: a combobox controls one popup and its
 *           aria-activedescendant points inside it, so ArrowDown walks the suggestions, then the hits.
 *   message items inside the listbox (role="none"):
 *     [data-testid="kensaku-error"] part="error" — request failed (data-code = API error code)
 *     [data-testid="kensaku-empty"] part="empty" — 「該当する結果はありません」
 *   [data-testid="kensaku-status"] visually hidden aria-live region (result count / errors)
 * With the facet option (and only then) the listbox sits in <div part="panel">, the dropdown, under
 *   [data-testid="kensaku-facets"] part="facets" role="group" aria-label=「タグで絞り込む」, data-facet = the
 *           attribute; shown while the listbox is open and the answer has values; data-estimated="true"
 *           when the counts include semantic matches, with [data-testid="kensaku-facets-estimated"]
 *           part="facets-estimated" (「≈」, its title says why)
 *   chip    [data-testid="kensaku-facet"]   part="chip" <button aria-pressed="true|false">, data-value,
 *           data-count, most frequent first; [data-testid="kensaku-facet-count"] shows the count
 *   and the listbox's data-facet-value = the value its results are filtered by (absent: none).
 *
 * Suggestions: asked for (GET /suggest?q=&limit=) at most 150 ms after a keystroke (sooner than the search when
 * the debounce is shorter), never during an IME composition (on compositionend); the latest prefix only. Enter on
 * (or a click of) a suggestion puts it in the input and searches it at once. A failed /suggest shows nothing and
 * logs one console warning (the search says what is wrong).
 * Behaviour: search-as-you-type, debounced; only the latest request's answer is rendered (previous
 * requests are aborted and stale answers ignored); nothing is searched while an IME composition is in
 * progress (the search runs when the composition is committed). ArrowDown/ArrowUp move the active
 * option (wrapping), Enter or a click selects it, Escape closes the list (a second Escape clears the
 * input). Selecting dispatches a cancelable, bubbling, composed CustomEvent "kensaku:select" on the
 * host element, event.detail = the hit object (plus detail.query); then, if the hit has an http(s)
 * url and the event was not canceled (preventDefault), the browser navigates to it (Ctrl/⌘-click or
 * Ctrl/⌘-Enter opens it in a new tab). Selecting a hit also sends POST /events {type: 'click', queryId,
 * chunkId, position} with the key (fetch keepalive; a failure is one console warning, never a stop).
 * Facet: requests send facets=<attribute>; a click on (or Enter / Space on) a chip searches the same
 * query again with filter=<attribute> = "<value>" (the value quoted and escaped), a click on the pressed
 * chip clears it. The chosen value stays while typing and is cleared with the input. A pointer click
 * leaves the focus in the input (arrow keys keep moving the active option); Tab moves from the input
 * to the chips without closing the dropdown, Escape on a chip goes back to the input.
 *
 * Styling: inside the shadow root only (constructable stylesheet, or a <style> element fallback).
 * Theme from the host page with CSS custom properties on the host or any ancestor:
 *   --kensaku-font --kensaku-font-size --kensaku-fg --kensaku-muted --kensaku-bg --kensaku-border
 *   --kensaku-accent --kensaku-active-bg --kensaku-mark-bg --kensaku-error --kensaku-radius
 *   --kensaku-max-height --kensaku-z
 * or with ::part(input|listbox|option|title|path|snippet|error|empty|panel|facets|chip|facets-estimated).
 *
 * Safety: title / headingPath and facet values are inserted with textContent only; the snippet (HTML-escaped
 * by the server except <mark> and <strong>) is re-checked: every "<" not starting exactly one of them is escaped.
 */
import type { KensakuNamespace } from './namespace.ts';
import { autoMount, createMount, findOwnScript } from './mount.ts';

const VERSION = '1.0.0';

function start(): void {
  // Must be read synchronously while the script is executing.
  const thisScript = (document.currentScript as HTMLScriptElement | null) || findOwnScript();

  const ns = (window.Kensaku = window.Kensaku || ({} as KensakuNamespace));
  ns.version = VERSION;
  ns.instances = ns.instances || [];
  ns._seq = ns._seq || 0;
  ns.mount = createMount(ns);

  if (thisScript?.src) autoMount(thisScript, ns);
}

if (typeof window !== 'undefined' && typeof document !== 'undefined') start();
