import { createConvexFusion } from './convex.ts';
import { createRrfFusion } from './rrf.ts';
import type { FusionFunction } from './types.ts';

export type { FusionFunction, LegList, FusedItem } from './types.ts';
export { createConvexFusion } from './convex.ts';
export { createRrfFusion } from './rrf.ts';

/** The shipped fusion functions with the parameters `npm run eval` chose (see README, Results). */
export const fusionFunctions: Record<'convex' | 'rrf', FusionFunction> = {
  convex: createConvexFusion({ cosineFloor: 0.8, defaultWeight: 0.7 }),
  rrf: createRrfFusion({ k: 60, defaultWeight: 0.5 }),
};
