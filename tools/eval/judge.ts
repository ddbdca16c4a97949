/** Judging rankings: grades per query, the product's ordering of the legs, and the metrics per query. */
import { keywordDecides } from '../../search/semantic-skip.ts';
import type { FusionFunction } from '../../search/fusion/index.ts';
import { cachedTerms, orderWithFloor, type OrderOptions, type Ranked } from '../../search/order.ts';
import type { LegHit, LegResults } from '../../store/search-legs.ts';
import { keywordPlan } from './legs.ts';
import type { EvalEnv } from './env.ts';
import { queryText } from '../../search/query-text.ts';
import type { Reranker, RerankQuery } from '../../search/rerank/index.ts';
import type { ChunkInfo } from './build-index.ts';
import { chunkGrade, type EvalSet } from './datasets.ts';
import { firstRank, meanMetrics, metricsFor, type Metrics } from './metrics.ts';

/** Per query: the grade of each item id, and every relevant item's grade (for the ideal ranking). */
export interface Judged {
  grades: Map<string, number>;
  ideal: number[];
}

/** Document sets judge document ids; contains sets judge every chunk of the index by its text. */
export function judge(set: EvalSet, chunks: ChunkInfo[]): { judged: Judged[]; unmatched: string[] } {
  const unmatched: string[] = [];
  const judged = set.queries.map((q) => {
    const grades = new Map<string, number>();
    if (set.level === 'document') {
      for (const j of q.judgments)
        if ('documentId' in j) grades.set(j.documentId, Math.max(grades.get(j.documentId) ?? 0, j.grade));
    } else {
      for (const c of chunks) {
        const g = chunkGrade(q, c.text);
        if (g > 0) grades.set(c.id, g);
      }
      for (const j of q.judgments)
        if ('contains' in j && !chunks.some((c) => chunkGrade({ ...q, judgments: [j] }, c.text) > 0))
          unmatched.push(`${q.id}: ${j.contains}`);
    }
    return { grades, ideal: [...grades.values()] };
  });
  return { judged, unmatched };
}

export type Mode = 'keyword' | 'semantic' | 'hybrid';

/** The query's terms, the index's chunk texts and a reranker, as runSearch gives orderHits (the eval's legs carry ids only). */
export type EvalLexical = NonNullable<OrderOptions['lexical']>;

/** Per query: what coverage and a reranker read, over the chunks of one index. */
export type LexicalFor = (query: number, reranker: Reranker | null) => EvalLexical;

/** The queries as runSearch reads them (NFKC; Latin words with their Japanese forms on a Japanese index). */
export function rerankQueries(set: EvalSet, env: EvalEnv): EvalQueryTerms[] {
  return set.queries.map((q) => {
    const text = queryText(q.query);
    const plan = keywordPlan(env, text);
    return { text, terms: plan.terms, byReading: plan.byReading };
  });
}

/** A query's terms, and whether its hits are read with their readings (a kana or romaji query, as in runSearch). */
export type EvalQueryTerms = RerankQuery & { byReading: boolean };

export function lexicalFor(queries: EvalQueryTerms[], chunks: ChunkInfo[]): LexicalFor {
  const byId = new Map(chunks.map((c) => [c.id, c]));
  const plain = (hit: LegHit) => byId.get(hit.chunk.id)?.lexical;
  const withReadings = (hit: LegHit) => byId.get(hit.chunk.id)?.lexicalWithReadings;
  return (i, reranker) => ({ query: queries[i], partsOf: queries[i].byReading ? withReadings : plain, reranker });
}

/**
 * The ids runSearch would return for one query: fused (and reranked) or single leg, best chunk per document for
 * document sets; in hybrid, cut by the relevance floor at `floor` (SEARCH_FLOOR; 0 turns it off) as runSearch cuts.
 */
export function rankIds(
  legs: LegResults,
  level: EvalSet['level'],
  mode: Mode,
  fusion: FusionFunction,
  weight: number,
  lexical?: EvalLexical,
  floor = 0,
  skip = true,
): string[] {
  return rankFloored(legs, level, mode, fusion, weight, lexical, floor, skip).ids;
}

/**
 * rankIds, with how many chunks the relevance floor dropped (0 when it did not apply) and whether the keyword leg
 * decided alone (`skip`: the served rule, search/semantic-skip.ts; false measures hybrid without it).
 */
export function rankFloored(
  legs: LegResults,
  level: EvalSet['level'],
  mode: Mode,
  fusion: FusionFunction,
  weight: number,
  lexical: EvalLexical | undefined,
  floor: number,
  skip = true,
): { ids: string[]; dropped: number; skipped: boolean } {
  // The chunks' terms read once for the skip rule and the ordering, as runSearch reads them.
  const lx = lexical && { ...lexical, termsOf: lexical.termsOf ?? cachedTerms(lexical.partsOf) };
  // A hybrid query the keyword leg decides is answered from it alone, as runSearch answers it (search/semantic-skip.ts).
  const skipped =
    mode === 'hybrid' && skip && lx ? keywordDecides(lx.query.text, lx.query.terms, legs.keyword, lx.termsOf) : null;
  const input =
    mode === 'keyword' || skipped
      ? { ...legs, semantic: null }
      : mode === 'semantic'
        ? { ...legs, keyword: null }
        : legs;
  const ordered = orderWithFloor(input, {
    mode,
    fusion,
    weight,
    groupBy: level === 'document' ? 'document' : undefined,
    lexical: lx,
    floor,
  });
  const ids = idsOf(
    ordered.ranked.map((r) => r.hit),
    level,
    false,
  );
  return { ids, dropped: ordered.floor?.outcome.dropped ?? 0, skipped: skipped !== null };
}

/** Ids of hits in order; `group` keeps the first chunk of each document (for lists not grouped yet). */
export function idsOf(hits: Pick<Ranked['hit'], 'chunk'>[], level: EvalSet['level'], group = true): string[] {
  if (level === 'chunk') return hits.map((h) => h.chunk.id);
  const ids = hits.map((h) => h.chunk.documentId);
  return group ? [...new Set(ids)] : ids;
}

export interface Scored {
  mean: Metrics;
  perQuery: Metrics[];
}

export function score(judged: Judged[], rankings: string[][]): Scored {
  const perQuery = rankings.map((ids, i) =>
    metricsFor(
      ids.map((id) => judged[i].grades.get(id) ?? 0),
      judged[i].ideal,
    ),
  );
  return { mean: meanMetrics(perQuery), perQuery };
}

/** 1-based rank of the first item with at least minGrade, per query. */
export function firstRanks(judged: Judged[], rankings: string[][], minGrade: number): (number | null)[] {
  return rankings.map((ids, i) =>
    firstRank(
      ids.map((id) => judged[i].grades.get(id) ?? 0),
      minGrade,
    ),
  );
}
