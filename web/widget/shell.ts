import { make } from './dom.ts';
import { facetGroupLabel } from './messages.ts';
import type { WidgetOptions } from './options.ts';

export interface Shell {
  input: HTMLInputElement;
  listbox: HTMLUListElement;
  /** The facet chips' group above the listbox, with the listbox in one dropdown panel; null without the facet option. */
  facets: HTMLDivElement | null;
  /** Visually hidden aria-live region: result count, errors. */
  live: HTMLDivElement;
}

/** The input, the (hidden) listbox, the facet chips' group when configured and the live region, appended to the shadow root. */
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
    'aria-label': `${opts.label}の候補`,
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
  let facets: HTMLDivElement | null = null;
  if (opts.facet) {
    // The chips cannot sit in the listbox (its children are options): the panel holds both and is the dropdown.
    const panel = make('div', { class: 'panel', part: 'panel' });
    facets = make('div', {
      class: 'facets',
      part: 'facets',
      role: 'group',
      'aria-label': facetGroupLabel(opts.facet),
      'data-testid': 'kensaku-facets',
      'data-facet': opts.facet,
    });
    facets.hidden = true;
    panel.appendChild(facets);
    panel.appendChild(listbox);
    wrap.appendChild(panel);
  } else {
    wrap.appendChild(listbox);
  }
  wrap.appendChild(live);
  root.appendChild(wrap);
  return { input, listbox, facets, live };
}
