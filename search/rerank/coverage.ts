import { candidateIdf, coverage } from '../../text/query-terms.ts';
import { applyBonus, type Reranker, type RerankItem } from './types.ts';

export interface CoverageRerankOptions {
  depth: number;
  weight: number;
}

/**
 * Rescores the fused top `depth` by how much of the query one sentence of each chunk holds (read with the chunk's
 * title and headings): the share of the query's terms (character pairs, Latin words or their Japanese forms) it
 * contains, each term weighted by its IDF among the candidates, so a rare compound counts more than a pair every
 * candidate shares.
 * - Absolute, not relative to the best candidate: when no candidate matches the query well, none gets much, and the
 *   semantic order stands (natural questions, English).
 * - By sentence, not by chunk: query terms found together count; terms scattered over a long paragraph count less.
 *   On NIILC, whose evidence is one sentence among long paragraphs, chunk-level coverage cost 0.003 nDCG@10.
 */
export function createCoverageRerank(options: CoverageRerankOptions): Reranker {
  return {
    name: 'coverage',
    depth: options.depth,
    weight: options.weight,
    rerank(query, items) {
      const idf = candidateIdf(
        query.terms,
        items.map((item) => item.terms.all),
      );
      const best = (item: RerankItem) =>
        Math.max(0, ...item.terms.sentences.map((terms) => coverage(query.terms, terms, idf)));
      return applyBonus(items, items.map(best), options.weight);
    },
  };
}
