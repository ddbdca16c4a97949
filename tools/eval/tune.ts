/**
 * Tuning sweeps (`npm run eval -- --sweep`): each varies one thing against the shipped defaults and prints
 * before/after. Fusion and rerank parameters reuse the standard run's legs (no re-query); window, stop words, chunk
 * size and embedded text rebuild the legs through the real pipeline (new index, same Meilisearch, cached vectors).
 */
import type { EvalSet } from './datasets.ts';
import type { EvalEnv } from './harness.ts';
import type { StandardState } from './standard.ts';
import { adaptiveSweep } from './sweeps/adaptive.ts';
import { chunkSweep } from './sweeps/chunk.ts';
import { createSweepContext, type SweepContext, type SweepResults } from './sweeps/context.ts';
import { embedSweep } from './sweeps/embed.ts';
import { fusionSweep } from './sweeps/fusion.ts';
import { querySweep } from './sweeps/query.ts';
import { rerankSweep } from './sweeps/rerank.ts';
import { stopwordsSweep } from './sweeps/stopwords.ts';
import { windowSweep } from './sweeps/window.ts';

export { BASELINE } from './sweeps/baseline.ts';
export type { SweepResults } from './sweeps/context.ts';

export interface SweepOptions {
  log: (line: string) => void;
  print: (text: string) => void;
  /** Sections to run (default all, in this order): the keys of SWEEPS. */
  only?: string[];
}

const SWEEPS: Record<string, (ctx: SweepContext) => Promise<void>> = {
  fusion: fusionSweep,
  rerank: rerankSweep,
  window: windowSweep,
  stopwords: stopwordsSweep,
  chunk: chunkSweep,
  embed: embedSweep,
  query: querySweep,
  adaptive: adaptiveSweep,
};

export async function runSweeps(
  env: EvalEnv,
  set: EvalSet,
  state: StandardState,
  options: SweepOptions,
): Promise<SweepResults> {
  const ctx = createSweepContext(env, set, state, options);
  for (const [name, sweep] of Object.entries(SWEEPS))
    if (!options.only || options.only.includes(name)) await sweep(ctx);
  return ctx.results;
}
