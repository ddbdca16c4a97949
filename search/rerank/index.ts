import { createBigramRerank } from './bigram-bm25.ts';
import { createCoverageRerank } from './coverage.ts';
import type { Reranker } from './types.ts';

export { createBigramRerank } from './bigram-bm25.ts';
export { createCoverageRerank } from './coverage.ts';
export { bigrams } from '../../text/terms.ts';
export type { Reranker, RerankItem, RerankQuery, Reranked } from './types.ts';

export type RerankName = 'coverage' | 'bigram-bm25';

/** The reranker to use (RERANK, RERANK_DEPTH, RERANK_WEIGHT); depth 0 turns it off. */
export interface RerankOptions {
  name: RerankName;
  depth: number;
  weight: number;
}

const factories: Record<RerankName, (o: { depth: number; weight: number }) => Reranker> = {
  coverage: createCoverageRerank,
  'bigram-bm25': (o) => createBigramRerank(o),
};

/** The configured reranker, or null when depth is 0. Defaults chosen by `npm run eval` (docs/results.md). */
export function configuredReranker(options: RerankOptions): Reranker | null {
  return options.depth > 0 ? factories[options.name]({ depth: options.depth, weight: options.weight }) : null;
}
