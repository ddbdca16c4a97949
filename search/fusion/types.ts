/** One leg's ranked list, best first. */
export interface LegList {
  ids: string[];
  /** Keyword: Meilisearch `_rankingScore`; semantic: cosine similarity. Same order as ids. */
  scores: number[];
  /** Keyword leg, for fusions that use it: the share of the query's terms each hit holds (lexical/query-terms.ts). */
  coverage?: number[];
}

export interface FusedItem {
  id: string;
  score: number;
}

/** A fusion function: a plain object, swappable by name. `weight` is the semantic share, 0..1. */
export interface FusionFunction {
  name: string;
  /** The semantic weight used when the request gives no semanticRatio; chosen by `npm run eval`. */
  defaultWeight: number;
  /** Whether fuse() reads the keyword leg's coverage (computing it costs a pass over the hits' text). */
  usesCoverage?: boolean;
  /** For explain: the cosine this query's semantic scores were rescaled from, when the fusion rescales them. */
  cosineFloor?(semantic: LegList): number;
  fuse(keyword: LegList, semantic: LegList, weight: number): FusedItem[];
}

/** Sorts by fused score; ties keep the keyword leg's order, then the semantic leg's. */
export function sortFused(scores: Map<string, number>, keyword: LegList, semantic: LegList): FusedItem[] {
  const order = new Map<string, number>();
  [...keyword.ids, ...semantic.ids].forEach((id, i) => order.has(id) || order.set(id, i));
  return [...scores.entries()]
    .map(([id, score]) => ({ id, score }))
    .sort((a, b) => b.score - a.score || order.get(a.id)! - order.get(b.id)!);
}
