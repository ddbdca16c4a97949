/**
 * Question-aware fusion (search/fusion/adaptive.ts, search/rerank/coverage.ts) against the fusions it replaced, on the
 * standard legs (no re-query). Variants of the rerank bonus are plain Reranker objects over lexical/query-terms.ts.
 */
import { createAdaptiveFusion, createConvexFusion, type FusionFunction } from '../../../search/fusion/index.ts';
import { candidateIdf, coverage } from '../../../text/query-terms.ts';
import { applyBonus, type Reranker } from '../../../search/rerank/types.ts';
import { createBigramRerank, createCoverageRerank } from '../../../search/rerank/index.ts';
import { lexicalFor, rankIds, rerankQueries, score, type Scored } from '../harness.ts';
import type { SweepContext, SweepRow } from './context.ts';

interface VariantOptions {
  /** Coverage of the whole chunk, or of its best sentence (shipped). */
  unit: 'chunk' | 'sentence';
  /** Terms weighted by their IDF among the candidates (shipped), or all alike. */
  idf: boolean;
  /** > 1 gives little to partial matches. */
  power: number;
}

function coverageVariant(weight: number, o: VariantOptions): Reranker {
  return {
    name: `coverage ${o.unit}${o.idf ? '' : ' unweighted'}${o.power !== 1 ? `^${o.power}` : ''}`,
    depth: 30,
    weight,
    rerank(query, items) {
      const idf = o.idf
        ? candidateIdf(
            query.terms,
            items.map((it) => it.terms.all),
          )
        : undefined;
      const units = (it: (typeof items)[number]) => (o.unit === 'chunk' ? [it.terms.all] : it.terms.sentences);
      const lexical = items.map((it) => Math.max(0, ...units(it).map((t) => coverage(query.terms, t, idf))) ** o.power);
      return applyBonus(items, lexical, weight);
    },
  };
}

export async function adaptiveSweep(ctx: SweepContext): Promise<void> {
  const { env, set, state, judged, log, section } = ctx;
  log('sweep: adaptive fusion…');
  const lexical = lexicalFor(rerankQueries(set, env), state.index.chunks);
  const half = Math.floor(set.queries.length / 2);
  const halves = (s: Scored) =>
    [s.perQuery.slice(0, half), s.perQuery.slice(half)]
      .map((p) => (p.reduce((a, x) => a + x.ndcg10, 0) / Math.max(1, p.length)).toFixed(4))
      .join(' / ');

  const convex = createConvexFusion({ cosineFloor: 0.8, defaultWeight: 0.7 });
  const fixed = createAdaptiveFusion({ cosineFloor: 0.8, defaultWeight: 0.7, windowFloor: false });
  const adaptive = createAdaptiveFusion({ cosineFloor: 0.8, defaultWeight: 0.7 });
  const coverageRr = (w: number) => createCoverageRerank({ depth: 30, weight: w });
  type Rule = { name: string; fusion: FusionFunction; reranker: Reranker | null; mode?: 'semantic' };
  const rules: Rule[] = [
    { name: 'semantic alone', fusion: convex, reranker: null, mode: 'semantic' },
    {
      name: 'previous default: convex + bigram-bm25 0.2',
      fusion: convex,
      reranker: createBigramRerank({ depth: 30, weight: 0.2 }),
    },
    { name: 'convex, no rerank', fusion: convex, reranker: null },
    { name: 'convex + coverage 0.2', fusion: convex, reranker: coverageRr(0.2) },
    { name: 'adaptive fixed floor, no rerank', fusion: fixed, reranker: null },
    { name: 'adaptive fixed floor + coverage 0.2', fusion: fixed, reranker: coverageRr(0.2) },
    { name: 'adaptive, no rerank', fusion: adaptive, reranker: null },
    { name: 'adaptive + bigram-bm25 0.2', fusion: adaptive, reranker: createBigramRerank({ depth: 30, weight: 0.2 }) },
    {
      name: 'adaptive + chunk coverage 0.2',
      fusion: adaptive,
      reranker: coverageVariant(0.2, { unit: 'chunk', idf: true, power: 1 }),
    },
    {
      name: 'adaptive + chunk coverage 0.3',
      fusion: adaptive,
      reranker: coverageVariant(0.3, { unit: 'chunk', idf: true, power: 1 }),
    },
    {
      name: 'adaptive + sentence coverage unweighted 0.2',
      fusion: adaptive,
      reranker: coverageVariant(0.2, { unit: 'sentence', idf: false, power: 1 }),
    },
    {
      name: 'adaptive + sentence coverage^2 0.3',
      fusion: adaptive,
      reranker: coverageVariant(0.3, { unit: 'sentence', idf: true, power: 2 }),
    },
  ];
  for (const w of [0.1, 0.2, 0.3, 0.4])
    rules.push({
      name: `adaptive + coverage ${w}${w === 0.2 ? ' (shipped)' : ''}`,
      fusion: adaptive,
      reranker: coverageRr(w),
    });

  const rows: SweepRow[] = [];
  for (const rule of rules) {
    const t0 = performance.now();
    const rankings = state.legs.map((l, qi) =>
      rankIds(l, set.level, rule.mode ?? 'hybrid', rule.fusion, 0.7, lexical(qi, rule.reranker)),
    );
    const ms = (performance.now() - t0) / state.legs.length;
    const s = score(judged, rankings);
    rows.push({ name: rule.name, metrics: s.mean, note: `halves ${halves(s)}; ${ms.toFixed(3)} ms/q` });
  }
  section(
    'adaptive',
    'question-aware fusion (coverage = best sentence, IDF among the top 30): nDCG@10 halves and eval-side CPU per query',
    rows,
  );
}
