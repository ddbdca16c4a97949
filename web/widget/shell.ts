import { make } from './dom.ts';
import type { WidgetOptions } from './options.ts';

export interface Shell {
  input: HTMLInputElement;
  listbox: HTMLUListElement;
  /** Visually hidden aria-live region: result count, errors. */
  live: HTMLDivElement;
}

/** The input, the (hidden) listbox and the live region, appended to the shadow root. */
export function buildShell(root: ShadowRoot, opts: WidgetOptions, listId: string): Shell {
  const wrap = make('div', { class: 'kensaku', part: 'root' });
  const input = make('input', {
    class: 'input',
    part: 'input',
    type: 'text',
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    'aria-label': opts.label,
    placeholder: opts.placeholder,
    autocomplete: 'off',
    autocapitalize: 'off',
    spellcheck: 'false',
    enterkeyhint: 'search',
    'data-testid': 'kensaku-input',
  });
  const listbox = make('ul', {
    id: listId,
    class: 'listbox',
    part: 'listbox',
    role: 'listbox',
    'aria-label': opts.label + 'の候補',
    'data-testid': 'kensaku-results',
    'data-state': 'idle',
  });
  listbox.hidden = true;
  const live = make('div', {
    class: 'sr-only',
    role: 'status',
    'aria-live': 'polite',
    'data-testid': 'kensaku-status',
  });
  wrap.appendChild(input);
  wrap.appendChild(listbox);
  wrap.appendChild(live);
  root.appendChild(wrap);
  return { input, listbox, live };
}
