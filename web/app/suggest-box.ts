import { createCombobox } from '../shared/combobox.ts';
import { createSuggestClient, type Suggestion } from '../shared/suggest-client.ts';
import { fillSuggestion } from '../shared/suggestion-html.ts';
import { el } from './dom.ts';
import { getKey } from './key.ts';

// The search box as an ARIA combobox over a listbox of suggestions (GET /suggest) while typing: debounced, never
// during an IME composition, the latest prefix only. Enter on a suggestion (or a click) searches it; Enter with none
// active submits the form as typed.

const LIST_ID = 'q-suggestions';
const DEBOUNCE_MS = 150;
const LIMIT = 8;

export interface SuggestBox {
  /** Closes the list and forgets pending suggestions (a search was submitted). */
  close(): void;
}

/** `picked`: a suggestion was chosen; the input already holds it. */
export function createSuggestBox(input: HTMLInputElement, picked: () => void): SuggestBox {
  const client = createSuggestClient({ api: location.origin, key: getKey, who: 'kensaku' });
  const list = el('ul', 'suggestions', 'suggestions');
  list.id = LIST_ID;
  list.setAttribute('role', 'listbox');
  list.setAttribute('aria-label', '検索候補');
  list.hidden = true;
  // The input and its list share a positioned box, so the list sits under the input at its width.
  const wrap = el('div', 'q-wrap');
  input.parentNode?.insertBefore(wrap, input);
  wrap.appendChild(input);
  wrap.appendChild(list);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', LIST_ID);

  let shown: Suggestion[] = [];
  let shownFor: string | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let composing = false;

  const box = createCombobox(input, list, {
    answerMatches: () => shown.length > 0 && shownFor === input.value.trim(),
    searchNow: () => ask(input.value.trim()),
    select: (i) => {
      const s = shown[i];
      if (!s) return;
      input.value = s.text;
      close();
      picked();
    },
    cleared: () => close(),
  });

  function stop(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    client.cancel();
  }

  function close(): void {
    stop();
    shownFor = null;
    box.close();
  }

  function render(q: string, suggestions: Suggestion[]): void {
    box.clear();
    shown = suggestions;
    shownFor = q;
    const options: HTMLElement[] = [];
    suggestions.forEach((s, i) => {
      const li = el('li', 'suggestion', 'suggestion');
      li.id = `${LIST_ID}-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.setAttribute('data-text', s.text);
      li.setAttribute('data-source', s.source);
      fillSuggestion(li, s);
      list.appendChild(li);
      options.push(li);
    });
    box.setOptions(options);
    if (options.length && document.activeElement === input) box.open();
    else box.close();
  }

  function ask(q: string): void {
    stop();
    if (!q) {
      box.close();
      return;
    }
    void client.suggest(q, LIMIT).then((suggestions) => {
      if (suggestions && input.value.trim() === q && !composing) render(q, suggestions);
    });
  }

  function schedule(): void {
    stop();
    const q = input.value.trim();
    if (!q) {
      box.close();
      return;
    }
    timer = setTimeout(() => ask(q), DEBOUNCE_MS);
  }

  input.addEventListener('input', (e) => {
    if (composing || (e as InputEvent).isComposing) return; // wait for compositionend
    schedule();
  });
  input.addEventListener('compositionstart', () => {
    composing = true;
    stop();
  });
  input.addEventListener('compositionend', () => {
    composing = false;
    schedule();
  });

  return { close };
}
