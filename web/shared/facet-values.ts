import type { SearchResponse } from '../../search/types.ts';

// The values of one facet in a search answer, as the page and the widget list them.

export interface FacetValue {
  value: string;
  count: number;
  selected: boolean;
}

const byCountThenValue = (a: FacetValue, b: FacetValue) =>
  b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);

/**
 * Most frequent first (ties by value), at most `max`. The selected value is always listed, with count 0 when the
 * answer has none, so it can be cleared.
 */
export function facetValues(
  body: Partial<SearchResponse> | null | undefined,
  attribute: string,
  selected: string,
  max: number,
): FacetValue[] {
  const dist =
    body?.facetDistribution && typeof body.facetDistribution === 'object' ? body.facetDistribution[attribute] : null;
  const all: FacetValue[] = [];
  if (dist && typeof dist === 'object') {
    for (const value in dist) {
      const count = dist[value];
      if (Object.prototype.hasOwnProperty.call(dist, value) && typeof count === 'number' && Number.isFinite(count)) {
        all.push({ value, count, selected: value === selected });
      }
    }
  }
  all.sort(byCountThenValue);
  const shown = all.slice(0, max);
  if (selected && !shown.some((v) => v.selected)) {
    const own = all.filter((v) => v.selected)[0];
    shown.push(own || { value: selected, count: 0, selected: true });
  }
  return shown;
}

/** The counts include semantic matches (hybrid mode), so a chunk may count twice. */
export function facetsEstimated(body: Partial<SearchResponse> | null | undefined): boolean {
  return !!body && body.facetsEstimated === true;
}
