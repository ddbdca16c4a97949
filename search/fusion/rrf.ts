import { sortFused, type FusionFunction, type LegList } from './types.ts';

export interface RrfOptions {
  /** Rank constant; smaller k trusts the top of each list more. */
  k: number;
  defaultWeight: number;
}

/** Weighted reciprocal rank fusion: ignores scores, uses ranks only. */
export function createRrfFusion(options: RrfOptions): FusionFunction {
  return {
    name: 'rrf',
    defaultWeight: options.defaultWeight,
    fuse(keyword: LegList, semantic: LegList, weight: number) {
      const scores = new Map<string, number>();
      keyword.ids.forEach((id, i) => scores.set(id, (1 - weight) / (options.k + i + 1)));
      semantic.ids.forEach((id, i) => scores.set(id, (scores.get(id) ?? 0) + weight / (options.k + i + 1)));
      return sortFused(scores, keyword, semantic);
    },
  };
}
