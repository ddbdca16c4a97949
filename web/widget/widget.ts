import type { SearchHit } from '../../search/types.ts';
import { createSearchClient } from '../shared/client.ts';
import { createEventSender, queryIdOf } from '../shared/events.ts';
import { facetFilter } from '../shared/facet-filter.ts';
import { safeUrl } from '../shared/safe-html.ts';
import { createCombobox } from './combobox.ts';
import { createFacetChips, type FacetChips } from './facets.ts';
import { failureMessage } from './messages.ts';
import { consoleText } from '../shared/unanswered.ts';
import type { KensakuNamespace, WidgetHost, WidgetInstance } from './namespace.ts';
import type { WidgetOptions } from './options.ts';
import { countText, renderEmpty, renderError, renderOption } from './render.ts';
import { dispatchSelect, follow } from './select.ts';
import { buildShell } from './shell.ts';
import { applyStyles } from './styles.ts';

// One search box: search as you type (debounced, never mid-IME-composition), the latest answer only, selection.

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

  const events = createEventSender({ api: opts.api, key: () => opts.key, who: 'kensaku widget' });

  let hits: Array<Partial<SearchHit>> = []; // hits currently rendered
  let queryId: string | null = null; // of the search whose hits are rendered
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
    select,
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
    queryId = null;
  }

  function showHits(q: string, list: Array<Partial<SearchHit>>, facetValue: string): void {
    clearList();
    hits = list;
    const options: HTMLElement[] = [];
    for (let i = 0; i < list.length; i++) {
      const li = renderOption(list[i] || {}, i, uid);
      listbox.appendChild(li);
      options.push(li);
    }
    box.setOptions(options);
    if (list.length === 0) listbox.appendChild(renderEmpty());
    finish(q, 'done', facetValue);
    live.textContent = countText(list.length);
  }

  function showError(q: string, code: string, message: string, facetValue: string): void {
    clearList();
    listbox.appendChild(renderError(code, message));
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
    listbox.removeAttribute('aria-busy');
  }

  function schedule(): void {
    if (destroyed) return;
    const q = input.value.trim();
    if (q.length < opts.minLength) {
      reset();
      return;
    }
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
