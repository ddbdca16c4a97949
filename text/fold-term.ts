import { FULL_FOLD } from './fold/fold.ts';
import { normalizeForMatch } from './normalize.ts';

/** A term as written, for a synonym's target: NFKC, lower case (the keyword leg folds it as the index is). */
export function writtenTerm(term: string): string {
  return normalizeForMatch(term).toLowerCase().trim();
}

/** A term as query terms see it (lexical/terms.ts): NFKC, variants folded, lower case. Synonym keys are kept this way. */
export function foldTerm(term: string): string {
  return FULL_FOLD.text(normalizeForMatch(term)).toLowerCase().trim();
}
