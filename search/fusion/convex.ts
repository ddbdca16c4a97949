import { sortFused, type FusedItem, type FusionFunction, type LegList } from './types.ts';

export interface ConvexOptions {
  /** Cosines at or below this count as 0: e5 puts unrelated text around 0.75–0.8, so raw cosine would flatter noise. */
  cosineFloor: number;
  defaultWeight: number;
}

/**
 * Convex combination of normalised scores (Bruch et al. 2023): keyword `_rankingScore` is already in [0, 1];
 * cosine is rescaled from [floor, 1] to [0, 1]. A chunk missing from a leg's window scores 0 there.
 */
export function createConvexFusion(options: ConvexOptions): FusionFunction {
  return {
    name: 'convex',
    defaultWeight: options.defaultWeight,
    cosineFloor: () => options.cosineFloor,
    fuse: (keyword, semantic, weight) => convexFuse(keyword, semantic, weight, options.cosineFloor),
  };
}

/** `(1 − weight) · keyword score + weight · cosine rescaled from [floor, 1] to [0, 1]`, best first (floor < 1). */
export function convexFuse(keyword: LegList, semantic: LegList, weight: number, floor: number): FusedItem[] {
  const rescale = (cos: number) => Math.max(0, (cos - floor) / (1 - floor));
  const scores = new Map<string, number>();
  keyword.ids.forEach((id, i) => scores.set(id, (1 - weight) * keyword.scores[i]));
  semantic.ids.forEach((id, i) => scores.set(id, (scores.get(id) ?? 0) + weight * rescale(semantic.scores[i])));
  return sortFused(scores, keyword, semantic);
}
