import { createBigramRerank, type BigramRerank, type BigramRerankOptions } from './bigram-bm25.ts';

export { createBigramRerank, bigrams, type BigramRerank } from './bigram-bm25.ts';

/** The shipped reranker's depth and weight (RERANK_DEPTH, RERANK_WEIGHT). */
export type RerankOptions = Pick<BigramRerankOptions, 'depth' | 'weight'>;

/** The shipped reranker (depth 0 turns it off); defaults chosen by `npm run eval` on JSQuAD valid. */
export function configuredReranker(options: RerankOptions): BigramRerank | null {
  return options.depth > 0 ? createBigramRerank({ depth: options.depth, weight: options.weight }) : null;
}
