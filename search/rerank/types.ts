import type { ChunkTerms } from '../lexical/chunk-terms.ts';
import type { QueryTerms } from '../../text/query-terms.ts';

/** The query as rerankers read it: its text, and its terms with their translations (lexical/query-terms.ts). */
export interface RerankQuery {
  text: string;
  terms: QueryTerms;
}

export interface RerankItem {
  id: string;
  /** The fused score the bonus is added to. */
  score: number;
  /** What the chunk says: title, headings and text. Missing text scores no bonus. */
  text: string | undefined;
  /** The chunk's distinct terms, all and per sentence (lexical/chunk-terms.ts). */
  terms: ChunkTerms;
}

export interface Reranked {
  id: string;
  score: number;
  /** The candidate's lexical match, 0..1; its bonus is `weight · lexical`. */
  lexical: number;
}

/** A lexical second look at the fused top `depth`: a plain object, swappable by name like the fusion functions. */
export interface Reranker {
  name: string;
  depth: number;
  /** The bonus of a full match, added to fused scores (which lie in 0..1). */
  weight: number;
  /** Rescores the items and returns them best first; ties keep the fused order. */
  rerank(query: RerankQuery, items: RerankItem[]): Reranked[];
}

/** Adds each item's bonus and sorts, ties in the given order. */
export function applyBonus(items: RerankItem[], lexical: number[], weight: number): Reranked[] {
  return items
    .map((item, at) => ({ id: item.id, score: item.score + weight * lexical[at], lexical: lexical[at], at }))
    .sort((x, y) => y.score - x.score || x.at - y.at)
    .map(({ at: _at, ...r }) => r);
}
