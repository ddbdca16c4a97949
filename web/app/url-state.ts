import type { SearchMode } from '../shared/client.ts';
import type { PageElements } from './dom.ts';
import { DEFAULT_MODE, MODES } from './labels.ts';

// The search as the URL (?q=&mode=&groupBy=document&facetValue=) and the form hold it.

export interface PageQuery {
  query: string;
  mode: SearchMode;
  group: boolean;
  /** The chosen value of the configured facet; '' for none (always, when no facet is configured). */
  facetValue: string;
}

export function normalizeMode(m: unknown): SearchMode {
  return MODES.indexOf(m as SearchMode) >= 0 ? (m as SearchMode) : DEFAULT_MODE;
}

/** `facet`: the configured facet attribute, '' for none (a ?facetValue= is then ignored). */
export function readUrlState(facet: string): PageQuery {
  const p = new URLSearchParams(location.search);
  return {
    query: (p.get('q') || '').trim(),
    mode: normalizeMode(p.get('mode')),
    group: p.get('groupBy') === 'document',
    facetValue: facet ? p.get('facetValue') || '' : '',
  };
}

/** Pushes a history entry when the URL changes; other parameters (?key=, ?facet=) stay. */
export function writeUrlState(s: PageQuery): void {
  const url = new URL(location.href);
  const p = url.searchParams;
  if (s.query) p.set('q', s.query);
  else p.delete('q');
  if (s.mode !== DEFAULT_MODE) p.set('mode', s.mode);
  else p.delete('mode');
  if (s.group) p.set('groupBy', 'document');
  else p.delete('groupBy');
  if (s.facetValue) p.set('facetValue', s.facetValue);
  else p.delete('facetValue');
  url.search = p.toString();
  if (url.href !== location.href) history.pushState(null, '', url.href);
}

/** The form's search, with the facet value chosen outside the form. */
export function formState(els: PageElements, facetValue: string): PageQuery {
  return {
    query: els.q.value.trim(),
    mode: normalizeMode(els.mode.value),
    group: els.group.checked,
    facetValue,
  };
}

export function applyToForm(els: PageElements, s: PageQuery): void {
  els.q.value = s.query;
  els.mode.value = s.mode;
  els.group.checked = s.group;
}
