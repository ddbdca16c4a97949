import { sortFused, type FusionFunction, type LegList } from './types.ts';

export interface AdaptiveOptions {
  /** Cosines at or below this count as 0: e5 puts unrelated Japanese text around 0.75–0.8. */
  cosineFloor: number;
  defaultWeight: number;
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
      const floor = floorOf(options, semantic);
      const rescale = (cos: number) => (floor < 1 ? Math.max(0, (cos - floor) / (1 - floor)) : 0);
      const scores = new Map<string, number>();
      keyword.ids.forEach((id, i) => scores.set(id, (1 - weight) * (keyword.coverage?.[i] ?? 1) * keyword.scores[i]));
      semantic.ids.forEach((id, i) => scores.set(id, (scores.get(id) ?? 0) + weight * rescale(semantic.scores[i])));
      return sortFused(scores, keyword, semantic);
    },
  };
}

const floorOf = (options: AdaptiveOptions, semantic: LegList) =>
  options.windowFloor === false ? options.cosineFloor : Math.min(options.cosineFloor, ...semantic.scores);
