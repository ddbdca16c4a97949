/**
 * Which Latin words of a query the lexicon may translate. Two rules: identifiers never (a piece of code translated
 * finds unrelated prose: `v-show` → ショー found a section on ショートハンド), and a word the index holds as written only
 * when its Japanese forms are far more frequent there (`props` and `Web` on a docs site stay themselves; `Hague`,
 * absent from a Japanese article, still finds ハーグ).
 */

// A run of Latin letters and digits, with the joins an identifier has: `v-show`, `server.proxy`, `VITE_API_URL`.
const TOKEN = /[\p{Script=Latin}0-9]+(?:[-._][\p{Script=Latin}0-9]+)*/gu;
const LATIN_LETTER = /\p{Script=Latin}/u;
const CAMEL = /\p{Ll}\p{Lu}/u;
const TITLE_CASE = /^\p{Lu}/u;

/**
 * Whether a token is an identifier: joined by `.` or `_`, joined by `-` unless every part is a capitalised name
 * (`Japan-South Korea` is prose, `v-if` and `vite-plugin` are not), camelCase (`defineProps`, `GitHub`), or letters
 * with digits (`es2015`, `G7`).
 */
export function isIdentifierToken(token: string): boolean {
  if (/[._]/.test(token)) return true;
  if (token.includes('-') && !token.split('-').every((part) => TITLE_CASE.test(part))) return true;
  return CAMEL.test(token) || (/[0-9]/.test(token) && LATIN_LETTER.test(token));
}

/** The lower-case Latin words (as text/terms.ts cuts them) that belong to an identifier of the query. */
export function identifierWords(q: string): Set<string> {
  const words = new Set<string>();
  for (const [token] of q.normalize('NFKC').matchAll(TOKEN)) {
    if (!isIdentifierToken(token)) continue;
    for (const w of token.toLowerCase().split(/[^\p{Script=Latin}]+/u)) if (w) words.add(w);
  }
  return words;
}

const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * Whether the index is asked before translating the query's Latin words: when the query is written in Japanese too.
 * A Latin word among Japanese ones was written so by choice, as the site writes it (`Web Components`, `proxy 設定`);
 * an English query has no other way to Japanese text than its words' Japanese forms, so it keeps them all
 * (identifiers aside).
 */
export function asksIndex(q: string): boolean {
  return JAPANESE.test(q);
}

/** What the index holds of a word: chunks with it as written, those of them that are code, chunks with each form. */
export interface WordCounts {
  asWritten: number;
  inCode: number;
  forms: readonly number[];
}

/**
 * "Far more frequent": one order of magnitude. A word written in Latin on a Japanese site is its own vocabulary
 * (`Web`, `props`) unless the site nearly always writes it in Japanese; then the Latin occurrences are the odd ones
 * (an English title, a quotation) and the query means the Japanese word.
 */
export const FAR_MORE = 10;

/** Whether to search a word's Japanese forms: never for a word found in code; always for one the index lacks. */
export function translatesIn(counts: WordCounts): boolean {
  if (counts.inCode > 0) return false;
  if (counts.asWritten === 0) return true;
  return Math.max(0, ...counts.forms) >= FAR_MORE * counts.asWritten;
}
