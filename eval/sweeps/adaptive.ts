/**
 * Candidate fusions that adapt to each query's lexical evidence, scored on the standard legs (no re-query).
 * Coverage of the query by a text = share of the query's distinct bigram terms (search/rerank bigrams(): NFKC, lower
 * case, all-hiragana pairs skipped, Latin words whole) that occur in the text; in [0, 1], absolute (not relative to
 * the best candidate). `idf` variant: each term weighted by its IDF among the fused top 30 (as the BM25 rerank does).
 */
import { createConvexFusion, type FusionFunction, type LegList } from '../../search/fusion/index.ts';
import { sortFused } from '../../search/fusion/types.ts';
import { queryText } from '../../search/query-text.ts';
import { bigrams, createBigramRerank } from '../../search/rerank/index.ts';
import type { RerankItem, Reranked } from '../../search/rerank/bigram-bm25.ts';
import { rankIds, rerankTexts, score, type EvalRerank, type Scored } from '../harness.ts';
import type { SweepContext, SweepRow } from './context.ts';

const FLOOR = 0.8;
const rescale = (cos: number) => Math.max(0, (cos - FLOOR) / (1 - FLOOR));

export async function adaptiveSweep(ctx: SweepContext): Promise<void> {
  const { set, state, judged, log, section } = ctx;
  log('sweep: adaptive fusion…');
  const textById = new Map(state.index.chunks.map((c) => [c.id, c.rerankText]));
  const termCache = new Map<string, Set<string>>();
  const termsOf = (id: string) => {
    let t = termCache.get(id);
    if (!t) termCache.set(id, (t = new Set(bigrams(textById.get(id) ?? ''))));
    return t;
  };
  const queries = set.queries.map((q) => queryText(q.query));
  const qTerms = queries.map((q) => [...new Set(bigrams(q))]);
  const cov = (qi: number, id: string) => {
    const q = qTerms[qi];
    if (!q.length) return 0;
    const t = termsOf(id);
    let n = 0;
    for (const x of q) if (t.has(x)) n++;
    return n / q.length;
  };
  const textOf = rerankTexts(state.index.chunks);
  const half = Math.floor(set.queries.length / 2);
  const halves = (s: Scored) => [s.perQuery.slice(0, half), s.perQuery.slice(half)].map((p) => (p.reduce((a, x) => a + x.ndcg10, 0) / Math.max(1, p.length)).toFixed(4)).join(' / ');

  /** Absolute-coverage rerank of the top `depth`: score + weight · coverage^power (weighted by candidate IDF if idf). */
  const absRerank = (qi: number, weight: number, opts: { idf?: boolean; power?: number; floor?: number } = {}): EvalRerank['reranker'] => ({
    name: 'abs-cov',
    depth: 30,
    weight,
    rerank(_query: string, items: RerankItem[]): Reranked[] {
      const q = qTerms[qi];
      let w = q.map(() => 1);
      if (opts.idf) {
        const n = items.length;
        w = q.map((x) => {
          const df = items.filter((it) => termsOf(it.id).has(x)).length;
          return Math.log(1 + (n - df + 0.5) / (df + 0.5));
        });
      }
      const total = w.reduce((a, b) => a + b, 0) || 1;
      return items
        .map((it, at) => {
          const t = termsOf(it.id);
          let s = 0;
          q.forEach((x, k) => t.has(x) && (s += w[k]));
          const f = opts.floor ?? 0;
          const c = Math.pow(Math.max(0, (s / total - f) / (1 - f)), opts.power ?? 1);
          return { id: it.id, score: it.score + weight * c, lexical: c, at };
        })
        .sort((x, y) => y.score - x.score || x.at - y.at)
        .map(({ at: _a, ...r }) => r);
    },
  }) as unknown as EvalRerank['reranker'];

  /** Shipped BM25 rerank, its bonus scaled by the best candidate's absolute coverage: weight · (bm25/best) · cov(best). */
  const relScaled = (qi: number, weight: number): EvalRerank['reranker'] => {
    const inner = createBigramRerank({ depth: 30, weight: 1 });
    return {
      name: 'rel-scaled',
      depth: 30,
      weight,
      rerank(query: string, items: RerankItem[]): Reranked[] {
        const r = inner.rerank(query, items.map((it) => ({ ...it, score: 0 })));
        const bestId = r[0]?.id;
        const cb = bestId ? cov(qi, bestId) : 0;
        const lex = new Map(r.map((x) => [x.id, x.lexical]));
        return items
          .map((it, at) => ({ id: it.id, score: it.score + weight * cb * lex.get(it.id)!, lexical: lex.get(it.id)!, at }))
          .sort((x, y) => y.score - x.score || x.at - y.at)
          .map(({ at: _a, ...r2 }) => r2);
      },
    } as unknown as EvalRerank['reranker'];
  };

  /** Convex with the keyword weight scaled by evidence: sem 0.7 · rescaled cosine + base · c^p · kw, c = coverage of the best keyword hit (or max of the top `top`). */
  const covFusion = (qi: number, base: number, p: number, top = 1, perHit = false): FusionFunction => ({
    name: 'cov-convex',
    defaultWeight: 0.7,
    fuse(keyword: LegList, semantic: LegList) {
      const c = keyword.ids.length ? Math.max(...keyword.ids.slice(0, top).map((id) => cov(qi, id))) : 0;
      const wk = base * Math.pow(c, p);
      const scores = new Map<string, number>();
      keyword.ids.forEach((id, i) => scores.set(id, (perHit ? base * Math.pow(cov(qi, id), p) : wk) * keyword.scores[i]));
      semantic.ids.forEach((id, i) => scores.set(id, (scores.get(id) ?? 0) + 0.7 * rescale(semantic.scores[i])));
      return sortFused(scores, keyword, semantic);
    },
  });

  const convex = createConvexFusion({ cosineFloor: FLOOR, defaultWeight: 0.7 });
  const shippedRr = createBigramRerank({ depth: 30, weight: 0.2 });
  type Rule = { name: string; fusion: (qi: number) => FusionFunction; rerank?: (qi: number) => EvalRerank['reranker'] };
  const rules: Rule[] = [
    { name: 'semantic alone', fusion: () => convex },
    { name: 'default: convex 0.7 + rel rerank 0.2', fusion: () => convex, rerank: () => shippedRr },
    { name: 'convex 0.7, no rerank', fusion: () => convex },
  ];
  for (const w of [0.1, 0.2, 0.3]) rules.push({ name: `(a) convex + abs-cov rerank ${w}`, fusion: () => convex, rerank: (qi) => absRerank(qi, w) });
  for (const w of [0.1, 0.2, 0.3]) rules.push({ name: `(a') convex + abs-cov(idf) rerank ${w}`, fusion: () => convex, rerank: (qi) => absRerank(qi, w, { idf: true }) });
  for (const w of [0.2, 0.3]) rules.push({ name: `(a'') convex + abs-cov^2 rerank ${w}`, fusion: () => convex, rerank: (qi) => absRerank(qi, w, { power: 2 }) });
  for (const w of [0.2, 0.3]) rules.push({ name: `(a3) convex + rel rerank ${w} × cov(best)`, fusion: () => convex, rerank: (qi) => relScaled(qi, w) });
  for (const [base, p] of [[0.3, 1], [0.3, 2], [0.4, 1], [0.4, 2], [0.5, 2]] as const) {
    rules.push({ name: `(b) kw ${base}·c^${p}, no rerank`, fusion: (qi) => covFusion(qi, base, p) });
    rules.push({ name: `(b) kw ${base}·c^${p} + rel rerank 0.2`, fusion: (qi) => covFusion(qi, base, p), rerank: () => shippedRr });
  }
  for (const [base, p] of [[0.3, 1], [0.3, 2], [0.4, 2]] as const) rules.push({ name: `(b5) kw ${base}·max5(c)^${p} + rel rerank 0.2`, fusion: (qi) => covFusion(qi, base, p, 5), rerank: () => shippedRr });
  for (const [base, p, w] of [[0.3, 1, 0.2], [0.3, 2, 0.2], [0.3, 2, 0.3], [0.4, 2, 0.2], [0.4, 2, 0.3], [0.5, 2, 0.3]] as const) {
    rules.push({ name: `(c) kw ${base}·c^${p} + abs-cov rerank ${w}`, fusion: (qi) => covFusion(qi, base, p), rerank: (qi) => absRerank(qi, w) });
    rules.push({ name: `(c') kw ${base}·c^${p} + abs-cov(idf) rerank ${w}`, fusion: (qi) => covFusion(qi, base, p), rerank: (qi) => absRerank(qi, w, { idf: true }) });
  }
  for (const [base, p, w] of [[0.3, 2, 0.2], [0.3, 2, 0.3], [0.4, 2, 0.3]] as const) rules.push({ name: `(c3) kw ${base}·c^${p} + rel rerank ${w} × cov(best)`, fusion: (qi) => covFusion(qi, base, p), rerank: (qi) => relScaled(qi, w) });
  for (const [base, p] of [[0.3, 1], [0.3, 2], [0.5, 2]] as const) {
    rules.push({ name: `(d) per-hit kw ${base}·cov_i^${p}·kw_i + rel rerank 0.2`, fusion: (qi) => covFusion(qi, base, p, 1, true), rerank: () => shippedRr });
    rules.push({ name: `(d) per-hit kw ${base}·cov_i^${p}·kw_i + abs-cov rerank 0.2`, fusion: (qi) => covFusion(qi, base, p, 1, true), rerank: (qi) => absRerank(qi, 0.2) });
  }

  for (const w of [0.15, 0.25, 0.3]) rules.push({ name: `(d) per-hit kw 0.3·cov_i·kw_i + abs-cov rerank ${w}`, fusion: (qi) => covFusion(qi, 0.3, 1, 1, true), rerank: (qi) => absRerank(qi, w) });
  for (const w of [0.2, 0.3]) rules.push({ name: `(d') per-hit kw 0.3·cov_i·kw_i + abs-cov(idf) rerank ${w}`, fusion: (qi) => covFusion(qi, 0.3, 1, 1, true), rerank: (qi) => absRerank(qi, w, { idf: true }) });
  for (const [t, w] of [[0.3, 0.3], [0.5, 0.3], [0.5, 0.4]] as const) {
    rules.push({ name: `(e) convex + abs-cov floor ${t} rerank ${w}`, fusion: () => convex, rerank: (qi) => absRerank(qi, w, { floor: t }) });
    rules.push({ name: `(e) per-hit kw 0.3·cov_i·kw_i + abs-cov floor ${t} rerank ${w}`, fusion: (qi) => covFusion(qi, 0.3, 1, 1, true), rerank: (qi) => absRerank(qi, w, { floor: t }) });
  }
  rules.push({ name: `(d) per-hit kw 0.3·cov_i·kw_i, no rerank`, fusion: (qi) => covFusion(qi, 0.3, 1, 1, true) });
  rules.push({ name: `(d) per-hit kw 0.3·cov_i·kw_i + rel rerank 0.2 x cov(best)`, fusion: (qi) => covFusion(qi, 0.3, 1, 1, true), rerank: (qi) => relScaled(qi, 0.2) });

  const FINAL = [
    'semantic alone', 'default: convex 0.7 + rel rerank 0.2', 'convex 0.7, no rerank',
    '(a) convex + abs-cov rerank 0.2', "(a') convex + abs-cov(idf) rerank 0.2", "(a') convex + abs-cov(idf) rerank 0.3",
    '(b) kw 0.3·c^1 + rel rerank 0.2', '(b) kw 0.3·c^2, no rerank',
    "(c') kw 0.3·c^2 + abs-cov(idf) rerank 0.2", '(c) kw 0.3·c^2 + abs-cov rerank 0.2',
    '(d) per-hit kw 0.3·cov_i·kw_i, no rerank', '(d) per-hit kw 0.3·cov_i^1·kw_i + rel rerank 0.2', '(d) per-hit kw 0.3·cov_i^1·kw_i + abs-cov rerank 0.2',
    "(d') per-hit kw 0.3·cov_i·kw_i + abs-cov(idf) rerank 0.2", "(d') per-hit kw 0.3·cov_i·kw_i + abs-cov(idf) rerank 0.3",
  ];
  // The rules the comparison kept; the others are listed above for a wider run (\`rules\` instead of \`kept\`).
  const kept = FINAL.map((n) => rules.find((r) => r.name === n)!);

  const rows: SweepRow[] = [];
  for (const rule of kept) {
    const t0 = performance.now();
    const mode = rule.name === 'semantic alone' ? 'semantic' : 'hybrid';
    const rankings = state.legs.map((l, qi) =>
      rankIds(l, set.level, mode, rule.fusion(qi), 0.7, rule.rerank ? { reranker: rule.rerank(qi), query: queries[qi], textOf } : undefined),
    );
    const ms = (performance.now() - t0) / state.legs.length;
    const s = score(judged, rankings);
    rows.push({ name: rule.name, metrics: s.mean, note: `halves ${halves(s)}; ${ms.toFixed(3)} ms/q` });
  }
  section('adaptive', `adaptive fusion: nDCG@10 halves (first / second) and eval-side CPU per query (term cache warm after the first rule)`, rows);
}
