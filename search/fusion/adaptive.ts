import { convexFuse, type ConvexOptions } from './convex.ts';
import type { FusionFunction, LegList } from './types.ts';

export interface AdaptiveOptions extends ConvexOptions {
  /** Lower the floor to the weakest cosine of the semantic window when that is below cosineFloor (default true). */
  windowFloor?: boolean;
}

/**
 * Convex fusion in which each keyword hit counts in proportion to how much of the query it holds:
 * `(1 − w) · coverage · keywordScore + w · rescaledCosine`. Meilisearch ranks a hit that matches one word of a long
 * question (or one stray Latin token of an English query) near one that matches all of it; coverage tells them
 * apart, so a natural question the keyword leg barely matches is left to the semantic leg, and a question that
 * shares its words with the passage keeps the keyword leg's full weight.
 *
 * Cosines are rescaled from [floor, 1] to [0, 1], the floor being the lower of `cosineFloor` and the weakest cosine of
 * the semantic window: a query in another language than the corpus (English on Japanese) scores every passage
 * below the fixed floor, which would leave its semantic leg no say at all.
 */
export function createAdaptiveFusion(options: AdaptiveOptions): FusionFunction {
  return {
    name: 'adaptive',
    defaultWeight: options.defaultWeight,
    usesCoverage: true,
    cosineFloor: (semantic) => floorOf(options, semantic),
    fuse(keyword, semantic, weight) {
      const covered = { ids: keyword.ids, scores: keyword.scores.map((s, i) => s * (keyword.coverage?.[i] ?? 1)) };
      return convexFuse(covered, semantic, weight, floorOf(options, semantic));
    },
  };
}

const floorOf = (options: AdaptiveOptions, semantic: LegList) =>
  options.windowFloor === false ? options.cosineFloor : Math.min(options.cosineFloor, ...semantic.scores);
