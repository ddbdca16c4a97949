/**
 * The eval harness: open an environment (env), index a set through the product (build-index), embed its queries
 * (query-vectors), run the legs (legs) and judge the rankings (judge).
 */
export * from './env.ts';
export * from './build-index.ts';
export * from './query-vectors.ts';
export * from './legs.ts';
export * from './judge.ts';
