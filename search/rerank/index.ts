import { createBigramRerank, type BigramRerank } from './bigram-bm25.ts';

export { createBigramRerank, bigrams, type BigramRerank } from './bigram-bm25.ts';

/** The shipped reranker (RERANK_DEPTH 0 turns it off); defaults chosen by `npm run eval` on JSQuAD valid. */
export function configuredReranker(config: { RERANK_DEPTH: number; RERANK_WEIGHT: number }): BigramRerank | null {
  return config.RERANK_DEPTH > 0 ? createBigramRerank({ depth: config.RERANK_DEPTH, weight: config.RERANK_WEIGHT }) : null;
}
