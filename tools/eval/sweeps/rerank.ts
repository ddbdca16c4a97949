import { createBigramRerank } from '../../../search/rerank/index.ts';
import { rankIds, score } from '../harness.ts';
import type { Metrics } from '../metrics.ts';
import type { SweepContext, SweepRow } from './context.ts';

/** The bigram BM25 rerank's depth × weight on the standard legs, with each half of the questions apart. */
export async function rerankSweep(ctx: SweepContext): Promise<void> {
  const { set, state, judged, def, shipped, log, reranked, section } = ctx;
  log('sweep: bigram BM25 rerank (standard legs, no re-query)…');
  // Chosen on the first half of the questions (in file order); the second half shows whether it carries over.
  const half = Math.floor(set.queries.length / 2);
  const halves = (m: { perQuery: Metrics[] }) =>
    [m.perQuery.slice(0, half), m.perQuery.slice(half)].map((p) =>
      (p.reduce((a, x) => a + x.ndcg10, 0) / Math.max(1, p.length)).toFixed(4),
    );
  const none = score(
    judged,
    state.legs.map((l) => rankIds(l, set.level, 'hybrid', def, def.defaultWeight)),
  );
  const rows: SweepRow[] = [
    {
      name: `${def.name} ${def.defaultWeight}, no rerank`,
      metrics: none.mean,
      note: `halves ${halves(none).join(' / ')} (before)`,
    },
  ];
  for (const depth of [10, 20, 30, 50]) {
    for (const weight of [0.1, 0.2, 0.3]) {
      const r = reranked(state.legs, state.index.chunks, createBigramRerank({ depth, weight }));
      const isShipped = shipped?.depth === depth && shipped.weight === weight;
      rows.push({
        name: `+ rerank depth ${depth} weight ${weight}`,
        metrics: r.mean,
        note: `halves ${halves(r).join(' / ')}${isShipped ? ' (after, shipped)' : ''}`,
      });
    }
  }
  section(
    'rerank',
    'bigram BM25 rerank of the fused top chunks: depth × weight (nDCG@10 of the first / second half of the questions in the note)',
    rows,
  );
}
