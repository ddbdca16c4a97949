import { isIdentifier } from '../text/identifiers.ts';
import { coverage, type QueryTerms } from '../text/query-terms.ts';
import type { ChunkTerms } from './lexical/chunk-terms.ts';
import type { LegHit, LegResults } from '../store/search-legs.ts';

/** Why a hybrid search answered from the keyword leg alone, without embedding the query. */
export type SemanticSkip = 'identifier';

/** A query of identifiers alone (`server.fs.allow`, `hot.invalidate`, `v-if defineProps`). */
export function identifierQuery(q: string): boolean {
  const words = q.trim().split(/\s+/).filter(Boolean);
  return words.length > 0 && words.every(isIdentifier);
}

/**
 * Whether the keyword leg decides a hybrid query alone: the query is identifiers only and the keyword leg's top hit
 * holds every one of its terms. Such a query names the thing it wants, and the chunk that holds the name whole is
 * what it asks for; the model reads `server.fs.allow` as noise and would only add chunks that do not hold it.
 *
 * Measured on every public set (docs/results.md): a broader rule, "the top keyword hit holds every query term and no
 * other hit does", skipped 10% of JSQuAD's questions at 0.0001 nDCG@10 but cost 0.009 on the Vite docs, where the
 * semantic leg orders the other pages of a short keyword query; so only identifier queries skip.
 */
export function keywordDecides(
  q: string,
  terms: QueryTerms,
  keyword: LegResults['keyword'],
  termsOf: (hit: LegHit) => ChunkTerms,
): SemanticSkip | null {
  const top = keyword?.hits[0];
  return top && identifierQuery(q) && coverage(terms, termsOf(top).all) === 1 ? 'identifier' : null;
}
