import {
  type FusionFunction,
  createConvexFusion,
  createRrfFusion,
  fusionFunctions,
} from '../../../search/fusion/index.ts';
import { type LegList, sortFused } from '../../../search/fusion/types.ts';
import { table } from '../report.ts';
import { BASELINE } from './baseline.ts';
import type { SweepContext, SweepRow } from './context.ts';

/** Fusion parameters on the standard legs (no re-query): the convex floor × weight grid, imputing missing scores, and RRF's k × weight. */
export async function fusionSweep(ctx: SweepContext): Promise<void> {
  const { state, window, def, log, print, mean, section } = ctx;
  log('sweep: fusion parameters (standard legs, no re-query)…');
  const floors = [0.75, 0.8, 0.82, 0.85];
  const weights = [0.5, 0.6, 0.7, 0.8];
  const grid = floors.map((fl) =>
    weights.map((w) => mean(state.legs, 'hybrid', createConvexFusion({ cosineFloor: fl, defaultWeight: w }), w)),
  );
  print(`\n== convex fusion: nDCG@10 (R@10) by cosine floor × semantic weight; window ${window}`);
  print(
    table(
      ['floor \\ weight', ...weights.map(String)],
      floors.map((fl, i) => [String(fl), ...grid[i].map((m) => `${m.ndcg10.toFixed(4)} (${m.recall10.toFixed(3)})`)]),
    ),
  );
  const rows: SweepRow[] = [];
  const b = BASELINE.convex;
  rows.push({
    name: `convex floor ${b.cosineFloor} w ${b.weight}`,
    metrics: mean(
      state.legs,
      'hybrid',
      createConvexFusion({ cosineFloor: b.cosineFloor, defaultWeight: b.weight }),
      b.weight,
    ),
    note: 'before',
  });
  for (const [fl, w] of [
    [0.8, 0.6],
    [0.82, 0.7],
    [b.cosineFloor, b.weight],
  ] as const) {
    rows.push({
      name: `convex floor ${fl} w ${w}, missing = leg min`,
      metrics: mean(state.legs, 'hybrid', convexImputing(fl, w, window), w),
    });
  }
  const bestCell = floors
    .flatMap((fl, i) => weights.map((w, j) => ({ fl, w, m: grid[i][j] })))
    .sort((x, y) => y.m.ndcg10 - x.m.ndcg10)[0];
  rows.push({ name: `convex floor ${bestCell.fl} w ${bestCell.w}`, metrics: bestCell.m, note: 'grid best' });
  rows.push({
    name: `${def.name} shipped default (${def.defaultWeight})`,
    metrics: mean(state.legs, 'hybrid', def, def.defaultWeight),
    note: 'after',
  });
  section('convex', 'convex fusion variants', rows);

  const ks = [5, 10, 20, 60];
  const rw = [0.3, 0.4, 0.5, 0.6, 0.7];
  const rgrid = ks.map((k) => rw.map((w) => mean(state.legs, 'hybrid', createRrfFusion({ k, defaultWeight: w }), w)));
  print(`\n== RRF: nDCG@10 (R@10) by k × semantic weight; window ${window}`);
  print(
    table(
      ['k \\ weight', ...rw.map(String)],
      ks.map((k, i) => [String(k), ...rgrid[i].map((m) => `${m.ndcg10.toFixed(4)} (${m.recall10.toFixed(3)})`)]),
    ),
  );
  const rbest = ks
    .flatMap((k, i) => rw.map((w, j) => ({ k, w, m: rgrid[i][j] })))
    .sort((x, y) => y.m.ndcg10 - x.m.ndcg10)[0];
  const rrfRows: SweepRow[] = [
    {
      name: `rrf k ${BASELINE.rrf.k} w ${BASELINE.rrf.weight}`,
      metrics: mean(
        state.legs,
        'hybrid',
        createRrfFusion({ k: BASELINE.rrf.k, defaultWeight: BASELINE.rrf.weight }),
        BASELINE.rrf.weight,
      ),
      note: 'before',
    },
    { name: `rrf k ${rbest.k} w ${rbest.w}`, metrics: rbest.m, note: 'grid best' },
    {
      name: `rrf shipped default (${fusionFunctions.rrf.defaultWeight})`,
      metrics: mean(state.legs, 'hybrid', fusionFunctions.rrf, fusionFunctions.rrf.defaultWeight),
      note: 'after',
    },
  ];
  section('rrf', 'RRF before/after', rrfRows);
}

/**
 * Convex fusion as search/fusion/convex.ts, with one option the product does not have: a chunk missing from a leg's
 * window gets the lowest score seen in that leg's window (at most what it scored there) instead of 0 — only when the
 * leg returned a full window; a shorter list means the chunk did not match at all.
 */
export function convexImputing(cosineFloor: number, defaultWeight: number, window: number): FusionFunction {
  const rescale = (cos: number) => Math.max(0, (cos - cosineFloor) / (1 - cosineFloor));
  return {
    name: 'convex-impute',
    defaultWeight,
    fuse(keyword: LegList, semantic: LegList, weight: number) {
      const kw = new Map(keyword.ids.map((id, i) => [id, keyword.scores[i]]));
      const sem = new Map(semantic.ids.map((id, i) => [id, rescale(semantic.scores[i])]));
      const kwMissing = keyword.scores.length >= window ? Math.min(...keyword.scores) : 0;
      const semMissing = sem.size >= window ? Math.min(...sem.values()) : 0;
      const scores = new Map<string, number>();
      for (const id of new Set([...keyword.ids, ...semantic.ids]))
        scores.set(id, (1 - weight) * (kw.get(id) ?? kwMissing) + weight * (sem.get(id) ?? semMissing));
      return sortFused(scores, keyword, semantic);
    },
  };
}
