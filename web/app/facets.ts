import type { SearchResponse } from '../../search/types.ts';
import { facetsEstimated, facetValues } from '../shared/facet-values.ts';
import { el, type PageElements } from './dom.ts';
import { FACET_ESTIMATED, FACET_ESTIMATED_TITLE, FACET_MAX, facetGroupLabel, facetValueLabel } from './labels.ts';

// The configured facet's values above the results: one toggle button per value, with its count.

/** Lists the values of `facet` in an answer; `selected` is pressed. Hidden when there is nothing to list. */
export function renderFacets(els: PageElements, body: SearchResponse, facet: string, selected: string): void {
  const values = facetValues(body, facet, selected, FACET_MAX);
  const estimated = facetsEstimated(body);
  // The buttons are replaced: a focused one hands its focus to its successor, so a keyboard user stays put.
  const active = document.activeElement;
  const focusedValue = active && els.facetValues.contains(active) ? active.getAttribute('data-value') : null;

  const frag = document.createDocumentFragment();
  let refocus: HTMLButtonElement | null = null;
  for (const v of values) {
    const b = el('button', 'facet-value', 'facet-value');
    b.type = 'button';
    b.setAttribute('data-value', v.value);
    b.setAttribute('data-count', String(v.count));
    b.setAttribute('aria-pressed', v.selected ? 'true' : 'false');
    b.setAttribute('aria-label', facetValueLabel(v.value, v.count, estimated));
    const name = el('span', 'facet-name');
    name.textContent = v.value;
    const count = el('span', 'facet-count', 'facet-count');
    count.textContent = v.count.toLocaleString('ja-JP');
    b.appendChild(name);
    b.appendChild(count);
    frag.appendChild(b);
    if (v.value === focusedValue) refocus = b;
  }
  els.facetValues.textContent = '';
  els.facetValues.appendChild(frag);
  if (refocus) refocus.focus();

  els.facetsLabel.textContent = facetGroupLabel(facet);
  els.facetsEstimated.textContent = FACET_ESTIMATED;
  els.facetsEstimated.title = FACET_ESTIMATED_TITLE;
  els.facetsEstimated.hidden = !estimated;
  els.facets.setAttribute('data-facet', facet);
  if (estimated) els.facets.setAttribute('data-estimated', 'true');
  else els.facets.removeAttribute('data-estimated');
  els.facets.hidden = values.length === 0;
}

export function clearFacets(els: PageElements): void {
  els.facetValues.textContent = '';
  els.facets.hidden = true;
}

/** The value of the facet button an event happened in, or null. */
export function facetValueOf(target: EventTarget | null, els: PageElements): string | null {
  let node = target as Element | null;
  while (node && node !== els.facetValues) {
    if (node.getAttribute && node.getAttribute('data-testid') === 'facet-value') return node.getAttribute('data-value');
    node = node.parentNode as Element | null;
  }
  return null;
}
