import type { LegResults } from '../store/search-legs.ts';

/** What the floor did to one search (the response's `fusion.floor`). */
export interface FloorOutcome {
  /** The share of the top score a hit holding no query term must reach; 0: off. */
  ratio: number;
  /** Whether a keyword hit held every term of the query: the floor applies only then. */
  evidence: boolean;
  /** The score under which hits holding no term of the query were dropped; null when the floor did not apply. */
  minScore: number | null;
  dropped: number;
}

export interface FloorItem {
  score: number;
}

export interface FloorRule<T> {
  /** The query's number of terms (text/query-terms.ts groups). */
  terms: number;
  /** How many of them the hit holds, each through any of its forms (a translation, a synonym, a reading). */
  held: (item: T) => number;
  /** The keyword leg returned the hit. */
  fromKeyword: (item: T) => boolean;
}

/**
 * The relevance floor: when a keyword hit holds every term of the query (clear keyword evidence), a hit that holds
 * none of them is kept only if it scores at least `ratio` × the top score. Hits holding a term are never dropped.
 *
 * A vector leg matches every chunk, so without this a query that names something (`XSS`, an identifier, a proper
 * noun) matching a few chunks is padded to the window with chunks that do not mention it. The two tests are about
 * words, not scores: the evidence test keeps the semantic leg whole where it is the only one that understood the
 * query — a paraphrase, an English question on a Japanese index — since no keyword hit holds all of such a query;
 * and only a hit sharing no word with it is padding (one sharing some is a related page: cutting those at half the
 * top score cost vite-docs 0.016 nDCG@10). The ratio guards a hit that says the same in other words (a synonym the
 * lexicon does not know): it stays if it scores near the best. Relative, not absolute, because fused scores are not
 * comparable across queries (the cosine is rescaled per query, coverage and the rerank bonus vary). Scores are the
 * final ones (after the rerank): the floor removes hits and reorders none.
 */
export function relevanceFloor<T extends FloorItem>(
  ranked: readonly T[],
  ratio: number,
  rule: FloorRule<T>,
): { kept: T[]; dropped: T[]; outcome: FloorOutcome } {
  const none = (evidence: boolean) => ({
    kept: [...ranked],
    dropped: [],
    outcome: { ratio, evidence, minScore: null, dropped: 0 },
  });
  if (ratio <= 0 || rule.terms === 0 || ranked.length === 0) return none(false);
  if (!ranked.some((item) => rule.fromKeyword(item) && rule.held(item) === rule.terms)) return none(false);
  const minScore = ratio * Math.max(...ranked.map((r) => r.score));
  const kept: T[] = [];
  const dropped: T[] = [];
  for (const item of ranked) (item.score >= minScore || rule.held(item) > 0 ? kept : dropped).push(item);
  return { kept, dropped, outcome: { ratio, evidence: true, minScore, dropped: dropped.length } };
}

/**
 * What a floored search found, in chunks: the hits it kept, plus the keyword query's matches beyond the window when
 * the window's weakest keyword hit was kept (those beyond rank lower still, so they count only if the floor reached
 * none of the keyword leg's hits).
 */
export function flooredTotal(legs: LegResults, kept: number, dropped: ReadonlySet<string>): number {
  const kw = legs.keyword;
  if (!kw?.hits.length) return kept;
  const beyond = Math.max(0, kw.estimatedTotalHits - kw.hits.length);
  return kept + (dropped.has(kw.hits[kw.hits.length - 1].chunk.id) ? 0 : beyond);
}
