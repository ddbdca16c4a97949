/**
 * The one normalisation used for matching, hashing and embedding: NFKC folds full-width
 * ASCII/digits (ＴＰＰ→TPP, （１）→(1)) and half-width katakana, so both spellings meet.
 */
export function normalizeForMatch(text: string): string {
  return text.normalize('NFKC');
}
