import { createAdaptiveFusion } from './adaptive.ts';
import { createConvexFusion } from './convex.ts';
import { createRrfFusion } from './rrf.ts';
import type { FusionFunction } from './types.ts';

export type { FusionFunction, LegList, FusedItem } from './types.ts';
export { createAdaptiveFusion } from './adaptive.ts';
export { createConvexFusion } from './convex.ts';
export { createRrfFusion } from './rrf.ts';

/**
 * The shipped fusion functions with the parameters `npm run eval -- --sweep` chose on JSQuAD valid (docs/results.md).
 * convex: floor 0.8 / weight 0.7 kept — the floor × weight grid is flat within ±0.001 nDCG@10 around it.
 * rrf: k 60 → 5 (nDCG@10 0.935 → 0.941; every weight did better with k 5): with two lists of 50, a small k lets
 * each leg's top ranks count, where k 60 makes rank 1 and rank 10 nearly equal.
 */
export const fusionFunctions: Record<'adaptive' | 'convex' | 'rrf', FusionFunction> = {
  adaptive: createAdaptiveFusion({ cosineFloor: 0.8, defaultWeight: 0.7 }),
  convex: createConvexFusion({ cosineFloor: 0.8, defaultWeight: 0.7 }),
  rrf: createRrfFusion({ k: 5, defaultWeight: 0.5 }),
};
