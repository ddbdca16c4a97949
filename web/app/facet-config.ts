import { isFacetAttribute } from '../shared/facet-filter.ts';

/**
 * The attribute whose values the page lists, from ?facet= in the page URL (kept when the page rewrites the URL, like
 * ?key=); '' when there is none or it is not an attribute name, and the page then shows no facet.
 */
export function configuredFacet(): string {
  const facet = (new URLSearchParams(location.search).get('facet') || '').trim();
  return isFacetAttribute(facet) ? facet : '';
}
