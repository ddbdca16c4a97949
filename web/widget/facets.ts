import type { SearchResponse } from '../../search/types.ts';
import { facetsEstimated, facetValues } from '../shared/facet-values.ts';
import { make } from './dom.ts';
import { FACET_ESTIMATED, FACET_ESTIMATED_TITLE, FACET_MAX, facetChipLabel } from './messages.ts';

// The facet's chips above the results: toggle buttons that choose the value the search is filtered by. Pointer
// clicks leave the focus in the input; Tab reaches the chips without closing the dropdown, Escape goes back.

export interface ChipHandlers {
  /** The chosen value changed (selected is the new one). */
  changed(): void;
  /** Escape on a chip. */
  escape(): void;
  /** Focus left the chips for somewhere other than the input. */
  left(): void;
}

export interface FacetChips {
  /** The chosen value; '' for none. */
  readonly selected: string;
  /** The chips of an answer's facet values; null (a failed search) lists none. */
  show(body: SearchResponse | null): void;
  /** Shown while the dropdown is open and there are chips. */
  setOpen(open: boolean): void;
  /** No chips and no chosen value (the input was emptied). */
  reset(): void;
  /** `node` is in the chips' group. */
  contains(node: EventTarget | null): boolean;
}

export function createFacetChips(
  group: HTMLElement,
  attribute: string,
  input: HTMLInputElement,
  h: ChipHandlers,
): FacetChips {
  let selected = '';
  let open = false;
  let count = 0;

  const contains = (node: EventTarget | null) => !!node && group.contains(node as Node);
  const update = () => {
    group.hidden = !(open && count > 0);
  };

  function show(body: SearchResponse | null): void {
    const values = body ? facetValues(body, attribute, selected, FACET_MAX) : [];
    const estimated = facetsEstimated(body);
    const old: Element[] = [];
    for (let i = 0; i < group.children.length; i++) old.push(group.children[i]);
    const active = (group.getRootNode() as ShadowRoot | Document).activeElement;
    const focusedValue = active && contains(active) ? active.getAttribute('data-value') : null;

    let refocus: HTMLButtonElement | null = null;
    for (const v of values) {
      const chip = make('button', {
        type: 'button',
        class: 'chip',
        part: 'chip',
        'data-testid': 'kensaku-facet',
        'data-value': v.value,
        'data-count': String(v.count),
        'aria-pressed': v.selected ? 'true' : 'false',
        'aria-label': facetChipLabel(v.value, v.count, estimated),
      });
      const name = make('span', { class: 'chip-name' });
      name.textContent = v.value;
      const n = make('span', { class: 'chip-count', 'data-testid': 'kensaku-facet-count' });
      n.textContent = v.count.toLocaleString('ja-JP');
      chip.appendChild(name);
      chip.appendChild(n);
      group.appendChild(chip);
      if (v.value === focusedValue) refocus = chip;
    }
    if (values.length > 0 && estimated) {
      const note = make('span', {
        class: 'estimated',
        part: 'facets-estimated',
        title: FACET_ESTIMATED_TITLE,
        'data-testid': 'kensaku-facets-estimated',
      });
      note.textContent = FACET_ESTIMATED;
      group.appendChild(note);
    }
    if (estimated) group.setAttribute('data-estimated', 'true');
    else group.removeAttribute('data-estimated');
    // Focus moves to the new chip before the old one goes, so the dropdown never sees focus leave.
    if (refocus) refocus.focus();
    for (const o of old) group.removeChild(o);
    count = values.length;
    update();
  }

  function chipOf(target: EventTarget | null): HTMLElement | null {
    let node = target as HTMLElement | null;
    while (node && node !== group) {
      if (node.getAttribute && node.getAttribute('data-testid') === 'kensaku-facet') return node;
      node = node.parentNode as HTMLElement | null;
    }
    return null;
  }

  // keep focus in the input, as the listbox does
  group.addEventListener('mousedown', (e) => e.preventDefault());
  group.addEventListener('click', (e) => {
    const chip = chipOf(e.target);
    if (!chip) return;
    const value = chip.getAttribute('data-value') || '';
    selected = value === selected ? '' : value;
    h.changed();
  });
  group.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' || e.key === 'Esc') {
      e.preventDefault();
      h.escape();
    }
  });
  group.addEventListener('focusout', (e) => {
    const to = (e as FocusEvent).relatedTarget;
    if (to !== input && !contains(to)) h.left();
  });

  return {
    get selected() {
      return selected;
    },
    show,
    setOpen(o) {
      open = o;
      update();
    },
    reset() {
      selected = '';
      show(null);
    },
    contains,
  };
}
