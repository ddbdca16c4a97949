import type { SearchHit } from '../../search/types.ts';
import { createSearchClient } from '../shared/client.ts';
import { createEventSender, queryIdOf } from '../shared/events.ts';
import { createSuggestClient, type Suggestion } from '../shared/suggest-client.ts';
import { facetFilter } from '../shared/facet-filter.ts';
import { safeUrl } from '../shared/safe-html.ts';
import { createCombobox } from '../shared/combobox.ts';
import { createFacetChips, type FacetChips } from './facets.ts';
import { failureMessage } from './messages.ts';
import { consoleText } from '../shared/unanswered.ts';
import type { KensakuNamespace, WidgetHost, WidgetInstance } from './namespace.ts';
import type { WidgetOptions } from './options.ts';
import { countText, renderEmpty, renderError, renderOption, renderSuggestions } from './render.ts';
import { dispatchSelect, follow } from './select.ts';
import { buildShell } from './shell.ts';
import { applyStyles } from './styles.ts';

// One search box: search and suggestions as you type (debounced, never mid-IME-composition), the latest answer only,
// selection.

/** The longest wait after a keystroke before suggestions are asked for (the search may wait longer). */
const SUGGEST_WAIT_MS = 150;

export function createWidget(host: WidgetHost, opts: WidgetOptions, ns: KensakuNamespace): WidgetInstance | null {
  if (!host.attachShadow) {
    if (window.console) console.warn('kensaku widget: Shadow DOM is not supported by this browser');
    return null;
  }
  const uid = `kensaku-${++ns._seq}`;
  const root = host.attachShadow({ mode: 'open' });
  applyStyles(root);
  const { input, listbox, facets, live } = buildShell(root, opts, `${uid}-listbox`);
  const client = createSearchClient({
    api: opts.api,
    key: () => opts.key,
    init: { method: 'GET', mode: 'cors', credentials: 'omit' },
  });

  const suggester = createSuggestClient({
    api: opts.api,
    key: () => opts.key,
    init: { method: 'GET', mode: 'cors', credentials: 'omit' },
    who: 'kensaku widget',
  });
  const events = createEventSender({ api: opts.api, key: () => opts.key, who: 'kensaku widget' });

  let hits: Array<Partial<SearchHit>> = []; // hits currently rendered
  let queryId: string | null = null; // of the search whose hits are rendered
  let hitOptions: HTMLElement[] = [];
  let suggestions: Suggestion[] = []; // shown above the hits, for `suggestedFor`
  let suggestedFor: string | null = null;
  let suggestOptions: HTMLElement[] = [];
  let suggestGroup: HTMLElement | null = null;
  let suggestTimer: ReturnType<typeof setTimeout> | null = null;
  let renderedQuery: string | null = null; // query whose answer (hits, empty or error) is in the listbox
  let timer: ReturnType<typeof setTimeout> | null = null;
  let composing = false;
  let destroyed = false;
  let forceOpen = false; // instance.search(): show the answer even without focus

  const box = createCombobox(input, listbox, {
    answerMatches: () => renderedQuery !== null && renderedQuery === input.value.trim(),
    searchNow: () => {
      if (input.value.trim().length >= opts.minLength) void runNow();
    },
    select: (i, e) => (i < suggestOptions.length ? pick(i) : select(i - suggestOptions.length, e)),
    cleared: reset,
    keepsOpen: (to) => !!chips && chips.contains(to),
    openChanged: (open) => {
      if (chips) chips.setOpen(open);
    },
  });

  // Choosing a chip searches the same query again, filtered by the chosen value.
  const chips: FacetChips | null = facets
    ? createFacetChips(facets, opts.facet, input, {
        changed: () => void runNow(),
        escape: () => input.focus(),
        left: () => box.close(),
      })
    : null;

  // ---- rendering

  function clearList(): void {
    box.clear();
    hits = [];
    hitOptions = [];
    suggestGroup = null;
    queryId = null;
  }

  /** The suggestion the arrows are on, by its text, so a re-render (the hits arriving after it) keeps it. */
  function activeSuggestion(): string | null {
    const i = box.active;
    return i >= 0 && i < suggestOptions.length ? suggestOptions[i].getAttribute('data-text') : null;
  }

  /** The suggestions' group first in the listbox (for what the input says now), then the hits' options. */
  function showSuggestions(keep: string | null = activeSuggestion()): void {
    const active = box.active;
    if (suggestGroup?.parentNode) suggestGroup.parentNode.removeChild(suggestGroup);
    suggestGroup = null;
    suggestOptions = [];
    if (suggestions.length && suggestedFor === input.value.trim()) {
      const r = renderSuggestions(suggestions, uid);
      suggestGroup = r.group;
      suggestOptions = r.options;
      listbox.insertBefore(r.group, listbox.firstChild);
    }
    if (active >= 0) box.setActive(-1);
    box.setOptions(suggestOptions.concat(hitOptions));
    const at = keep === null ? -1 : suggestOptions.findIndex((o) => o.getAttribute('data-text') === keep);
    if (at >= 0) box.setActive(at);
  }

  function showHits(q: string, list: Array<Partial<SearchHit>>, facetValue: string): void {
    const keep = activeSuggestion();
    clearList();
    hits = list;
    const options: HTMLElement[] = [];
    for (let i = 0; i < list.length; i++) {
      const li = renderOption(list[i] || {}, i, uid);
      listbox.appendChild(li);
      options.push(li);
    }
    hitOptions = options;
    if (list.length === 0) listbox.appendChild(renderEmpty());
    showSuggestions(keep);
    finish(q, 'done', facetValue);
    live.textContent = countText(list.length);
  }

  function showError(q: string, code: string, message: string, facetValue: string): void {
    const keep = activeSuggestion();
    clearList();
    listbox.appendChild(renderError(code, message));
    showSuggestions(keep);
    finish(q, 'error', facetValue);
    live.textContent = message;
  }

  function finish(q: string, state: 'done' | 'error', facetValue: string): void {
    renderedQuery = q;
    listbox.setAttribute('data-state', state);
    listbox.setAttribute('data-query', q);
    if (facetValue) listbox.setAttribute('data-facet-value', facetValue);
    else listbox.removeAttribute('data-facet-value');
    listbox.removeAttribute('aria-busy');
    listbox.scrollTop = 0;
    if (input.value.trim() === q && (root.activeElement === input || forceOpen)) box.open();
    forceOpen = false;
  }

  function reset(): void {
    forceOpen = false;
    cancelPending();
    clearList();
    suggestions = [];
    suggestedFor = null;
    suggestOptions = [];
    renderedQuery = null;
    listbox.setAttribute('data-state', 'idle');
    listbox.removeAttribute('data-query');
    listbox.removeAttribute('data-facet-value');
    if (chips) chips.reset();
    live.textContent = '';
    box.close();
  }

  // ---- searching

  function cancelPending(): void {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    client.cancel();
    clearSuggestTimer();
    suggester.cancel();
    listbox.removeAttribute('aria-busy');
  }

  // ---- suggestions: sooner than the search (a completion helps while typing), at most SUGGEST_WAIT_MS after a key

  function clearSuggestTimer(): void {
    if (suggestTimer) clearTimeout(suggestTimer);
    suggestTimer = null;
  }

  function scheduleSuggest(q: string): void {
    clearSuggestTimer();
    if (!opts.suggestions || q === suggestedFor) return;
    suggestTimer = setTimeout(
      () => {
        suggestTimer = null;
        void suggester.suggest(q, opts.suggestions).then((list) => {
          if (!list || destroyed || input.value.trim() !== q) return;
          suggestions = list;
          suggestedFor = q;
          showSuggestions();
          if (list.length && root.activeElement === input) box.open();
        });
      },
      Math.min(opts.debounce, SUGGEST_WAIT_MS),
    );
  }

  /** A suggestion chosen: it becomes the query, searched now; no suggestions until the next keystroke. */
  function pick(i: number): void {
    const s = suggestions[i];
    if (!s) return;
    input.value = s.text;
    suggestions = [];
    suggestedFor = s.text;
    clearSuggestTimer();
    suggester.cancel();
    showSuggestions();
    void runNow();
  }

  function schedule(): void {
    if (destroyed) return;
    const q = input.value.trim();
    if (q.length < opts.minLength) {
      reset();
      return;
    }
    scheduleSuggest(q);
    if (q === renderedQuery && !timer && !client.pending) {
      box.open(); // e.g. trailing space typed: same query, keep the answer
      return;
    }
    if (timer) clearTimeout(timer);
    timer = setTimeout(runNow, opts.debounce);
  }

  function runNow(): Promise<void> {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    const q = input.value.trim();
    if (q.length < opts.minLength) {
      reset();
      return Promise.resolve();
    }
    return search(q);
  }

  function search(q: string): Promise<void> {
    const facetValue = chips ? chips.selected : '';
    const answer = client.search({
      q,
      mode: opts.mode,
      limit: opts.limit,
      groupBy: opts.groupBy || undefined,
      facet: opts.facet || undefined,
      filter: facetValue ? facetFilter(opts.facet, facetValue) : undefined,
    });
    listbox.setAttribute('data-state', 'loading');
    listbox.setAttribute('aria-busy', 'true');
    return answer.then((outcome) => {
      if (!outcome || destroyed) return; // superseded
      if (outcome.ok) {
        const degraded = outcome.body.degraded;
        if (Array.isArray(degraded) && degraded.length) listbox.setAttribute('data-degraded', degraded.join(','));
        else listbox.removeAttribute('data-degraded');
        if (chips) chips.show(outcome.body);
        showHits(q, outcome.body.hits, facetValue);
        queryId = queryIdOf(outcome.body);
        return;
      }
      const { code, message } = failureMessage(outcome.failure);
      console.error(`kensaku widget: ${consoleText(outcome.failure, opts.api)}`);
      listbox.removeAttribute('data-degraded');
      if (chips) chips.show(null);
      showError(q, code, message, facetValue);
    });
  }

  // ---- selection

  function select(i: number, e?: KeyboardEvent | MouseEvent): void {
    const hit = hits[i];
    if (!hit) return;
    // Counted even when a listener cancels the navigation: the user still chose the hit.
    if (queryId && hit.chunkId) events.click({ queryId, chunkId: String(hit.chunkId), position: i + 1 });
    const proceed = dispatchSelect(host, hit, renderedQuery);
    box.close();
    const href = safeUrl(hit.url);
    if (href && proceed) follow(href, e);
  }

  // ---- typing

  input.addEventListener('input', (e) => {
    if (composing || (e as InputEvent).isComposing) return; // wait for compositionend
    schedule();
  });
  input.addEventListener('compositionstart', () => {
    composing = true;
    // Nothing is asked mid-composition: a suggestion for half-converted kana would only flicker.
    clearSuggestTimer();
  });
  input.addEventListener('compositionend', () => {
    composing = false;
    schedule();
  });

  const instance: WidgetInstance = {
    host,
    root,
    input,
    listbox,
    options: opts,
    search(q) {
      input.value = q == null ? '' : String(q);
      forceOpen = true;
      return runNow();
    },
    close: () => box.close(),
    destroy() {
      destroyed = true;
      cancelPending();
      if (host.parentNode) host.parentNode.removeChild(host);
      const idx = ns.instances.indexOf(instance);
      if (idx >= 0) ns.instances.splice(idx, 1);
    },
  };
  host.kensaku = instance;
  ns.instances.push(instance);
  return instance;
}
