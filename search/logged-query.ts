import type { Fold } from '../text/fold/fold.ts';
import { queryText } from './query-text.ts';

/**
 * A query as analytics records it: as the keyword leg normalised it (NFKC and trimmed by queryText, folded like the
 * index), without the leg's one-word identifier forms, so what people typed stays readable and one spelling counts once.
 */
export function loggedQuery(q: string, fold: Fold): string {
  return fold.text(queryText(q));
}
