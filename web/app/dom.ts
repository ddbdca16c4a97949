// The page's static elements (index.html) and an element helper.

export interface PageElements {
  form: HTMLFormElement;
  q: HTMLInputElement;
  mode: HTMLSelectElement;
  group: HTMLInputElement;
  degraded: HTMLElement;
  error: HTMLElement;
  status: HTMLElement;
  /** The facet's group: its label, the estimated-counts note and the value buttons. */
  facets: HTMLElement;
  facetsLabel: HTMLElement;
  facetsEstimated: HTMLElement;
  facetValues: HTMLElement;
  empty: HTMLElement;
  results: HTMLOListElement;
  more: HTMLButtonElement;
}

const byTestId = <T extends HTMLElement>(id: string) => document.querySelector(`[data-testid="${id}"]`) as T;

export function findElements(): PageElements {
  return {
    form: byTestId('search-form'),
    q: byTestId('q'),
    mode: byTestId('mode'),
    group: byTestId('group'),
    degraded: byTestId('degraded'),
    error: byTestId('error'),
    status: byTestId('status'),
    facets: byTestId('facets'),
    facetsLabel: byTestId('facets-label'),
    facetsEstimated: byTestId('facets-estimated'),
    facetValues: byTestId('facet-values'),
    empty: byTestId('empty'),
    results: byTestId('results'),
    more: byTestId('more'),
  };
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  testId?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (testId) node.setAttribute('data-testid', testId);
  return node;
}
