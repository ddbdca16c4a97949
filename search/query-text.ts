import { normalizeForMatch } from '../text/normalize.ts';

/**
 * The text a search sends to both legs: NFKC like the indexed and embedded chunk text, so a query typed in
 * full-width (ＴＰＰ, １月) meets the same words; Meilisearch does not fold widths itself. Trimmed after NFKC, which
 * turns the ideographic space into a plain one.
 */
export function queryText(q: string): string {
  return normalizeForMatch(q).trim();
}
