import type { LegChunk } from '../store/search-legs.ts';
import type { Ranked } from './order.ts';

export interface FacetCounts {
  /** Per attribute, each value's count of chunks. */
  distribution: Record<string, Record<string, number>>;
  /** True when hits outside the keyword query's matches were added (the semantic leg's, reading and synonym searches'). */
  estimated: boolean;
}

/**
 * Facet counts of a search: what Meilisearch counted over every match of the keyword query, less those the relevance
 * floor dropped, plus the ranked hits it did not return (semantic hits, the extra keyword searches'). A vector leg
 * matches every chunk, so its share is its window, not the index; a semantic hit that the keyword query matched
 * beyond its own window counts twice, which is why such counts are marked estimated.
 */
export function countFacets(
  facets: readonly string[],
  keyword: { facetDistribution?: Record<string, Record<string, number>>; mainIds?: ReadonlySet<string> } | null,
  ranked: readonly Ranked[],
  dropped: readonly Ranked[] = [],
): FacetCounts {
  const distribution: Record<string, Record<string, number>> = {};
  for (const f of facets) distribution[f] = { ...(keyword?.facetDistribution?.[f] ?? {}) };
  // The relevance floor's drops are not counted, though the keyword query matched them (search/relevance-floor.ts).
  for (const { hit } of dropped) {
    if (!keyword?.mainIds?.has(hit.chunk.id)) continue;
    for (const f of facets)
      for (const value of valuesOf(hit.chunk, f)) {
        const left = (distribution[f][value] ?? 0) - 1;
        if (left > 0) distribution[f][value] = left;
        else delete distribution[f][value];
      }
  }
  let estimated = false;
  for (const { hit } of ranked) {
    if (keyword?.mainIds?.has(hit.chunk.id)) continue;
    estimated = true;
    for (const f of facets)
      for (const value of valuesOf(hit.chunk, f)) distribution[f][value] = (distribution[f][value] ?? 0) + 1;
  }
  return { distribution, estimated };
}

// As Meilisearch counts them: each element of a list, booleans and numbers as their text.
function valuesOf(chunk: LegChunk, facet: string): string[] {
  const v = (chunk as unknown as Record<string, unknown>)[facet];
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}
