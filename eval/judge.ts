/** Judging rankings: grades per query, the product's ordering of the legs, and the metrics per query. */
import type { FusionFunction } from '../search/fusion/index.ts';
import { orderHits, type OrderOptions, type Ranked } from '../search/order.ts';
import type { LegHit, LegResults } from '../store/search-legs.ts';
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
      for (const j of q.judgments) if ('documentId' in j) grades.set(j.documentId, Math.max(grades.get(j.documentId) ?? 0, j.grade));
    } else {
      for (const c of chunks) {
        const g = chunkGrade(q, c.text);
        if (g > 0) grades.set(c.id, g);
      }
      for (const j of q.judgments) if ('contains' in j && !chunks.some((c) => chunkGrade({ ...q, judgments: [j] }, c.text) > 0)) unmatched.push(`${q.id}: ${j.contains}`);
    }
    return { grades, ideal: [...grades.values()] };
  });
  return { judged, unmatched };
}

export type Mode = 'keyword' | 'semantic' | 'hybrid';

/** The hybrid reranker with the index's chunk texts (the eval's legs carry ids only; the API's carry the text). */
export type EvalRerank = NonNullable<OrderOptions['rerank']>;

/** The rerank text of a hit's chunk, looked up by id, for EvalRerank.textOf. */
export function rerankTexts(chunks: ChunkInfo[]): (hit: LegHit) => string | undefined {
  const byId = new Map(chunks.map((c) => [c.id, c.rerankText]));
  return (hit) => byId.get(hit.chunk.id);
}

/** The ids runSearch would return for one query: fused (and reranked) or single leg, best chunk per document for document sets. */
export function rankIds(legs: LegResults, level: EvalSet['level'], mode: Mode, fusion: FusionFunction, weight: number, rerank?: EvalRerank): string[] {
  const input = mode === 'keyword' ? { ...legs, semantic: null } : mode === 'semantic' ? { ...legs, keyword: null } : legs;
  const ranked = orderHits(input, { mode, fusion, weight, groupBy: level === 'document' ? 'document' : undefined, rerank });
  return idsOf(ranked.map((r) => r.hit), level, false);
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
  const perQuery = rankings.map((ids, i) => metricsFor(ids.map((id) => judged[i].grades.get(id) ?? 0), judged[i].ideal));
  return { mean: meanMetrics(perQuery), perQuery };
}

/** 1-based rank of the first item with at least minGrade, per query. */
export function firstRanks(judged: Judged[], rankings: string[][], minGrade: number): (number | null)[] {
  return rankings.map((ids, i) => firstRank(ids.map((id) => judged[i].grades.get(id) ?? 0), minGrade));
}
