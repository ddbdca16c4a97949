import type { SearchHit } from '../../search/types.ts';
import { excerpt, headingPathText, hitTitle } from '../shared/hit-text.ts';
import { safeUrl, sanitizeSnippet } from '../shared/safe-html.ts';
import type { Suggestion } from '../shared/suggest-client.ts';
import { fillSuggestion } from '../shared/suggestion-html.ts';
import { make } from './dom.ts';

// The listbox's items. Title and heading path go in as text; only the re-checked snippet is HTML.

export const EMPTY_TEXT = '該当する結果はありません';

/** <li role="option"> for hit `i`; its id is `${uid}-opt-${i}` (the input's aria-activedescendant). */
export function renderOption(hit: Partial<SearchHit>, i: number, uid: string): HTMLLIElement {
  const li = make('li', {
    id: `${uid}-opt-${i}`,
    class: 'option',
    part: 'option',
    role: 'option',
    'aria-selected': 'false',
    'data-testid': 'kensaku-hit',
    'data-index': String(i),
  });
  if (hit.chunkId != null) li.setAttribute('data-chunk-id', String(hit.chunkId));
  if (hit.documentId != null) li.setAttribute('data-document-id', String(hit.documentId));
  const href = safeUrl(hit.url);
  if (href) li.setAttribute('data-url', href);

  const title = make('span', { class: 'title', part: 'title', 'data-testid': 'kensaku-title' });
  title.textContent = hitTitle(hit);
  li.appendChild(title);

  const path = headingPathText(hit);
  if (path) {
    const p = make('span', { class: 'path', part: 'path', 'data-testid': 'kensaku-heading-path' });
    p.textContent = path;
    li.appendChild(p);
  }

  const snip = make('span', { class: 'snippet', part: 'snippet', 'data-testid': 'kensaku-snippet' });
  if (typeof hit.snippet === 'string' && hit.snippet !== '') {
    snip.innerHTML = sanitizeSnippet(hit.snippet);
  } else if (typeof hit.text === 'string') {
    snip.textContent = excerpt(hit.text, 120);
  }
  if (snip.firstChild) li.appendChild(snip);
  return li;
}

export const SUGGESTIONS_LABEL = '検索候補';

/**
 * The suggestions' group at the top of the listbox: <li role="group"> labelled 「検索候補」 holding one option per
 * suggestion (id `${uid}-sug-${i}`). A group in the one listbox, not a second listbox: a combobox controls one popup,
 * and aria-activedescendant must point inside it, so the arrows walk suggestions then hits in one list.
 */
export function renderSuggestions(list: Suggestion[], uid: string): { group: HTMLLIElement; options: HTMLElement[] } {
  const group = make('li', {
    class: 'group',
    part: 'suggestions',
    role: 'group',
    'aria-labelledby': `${uid}-sug-label`,
    'data-testid': 'kensaku-suggestions',
  });
  const label = make('span', { id: `${uid}-sug-label`, class: 'group-label', 'aria-hidden': 'true' });
  label.textContent = SUGGESTIONS_LABEL;
  group.appendChild(label);
  const ul = make('ul', { class: 'group-list', role: 'none' });
  const options: HTMLElement[] = [];
  for (let i = 0; i < list.length; i++) {
    const li = make('li', {
      id: `${uid}-sug-${i}`,
      class: 'option suggestion',
      part: 'option suggestion',
      role: 'option',
      'aria-selected': 'false',
      'data-testid': 'kensaku-suggestion',
      'data-text': list[i].text,
      'data-source': list[i].source,
    });
    fillSuggestion(li, list[i]);
    ul.appendChild(li);
    options.push(li);
  }
  group.appendChild(ul);
  return { group, options };
}

export function renderEmpty(): HTMLLIElement {
  const li = make('li', { class: 'msg empty', part: 'empty', role: 'none', 'data-testid': 'kensaku-empty' });
  li.textContent = EMPTY_TEXT;
  return li;
}

export function renderError(code: string, message: string): HTMLLIElement {
  const li = make('li', { class: 'msg error', part: 'error', role: 'none', 'data-testid': 'kensaku-error' });
  if (code) li.setAttribute('data-code', code);
  li.textContent = message;
  return li;
}

/** What the aria-live region says once `count` hits are shown. */
export function countText(count: number): string {
  return count ? `${count} 件の候補があります。上下キーで選択できます。` : EMPTY_TEXT;
}
