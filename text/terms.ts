import { FULL_FOLD } from './fold/fold.ts';
/**
 * The lexical unit kensaku matches on outside Meilisearch (fusion coverage, rerank, answers): character pairs, the
 * classic unit of Japanese retrieval, which match what word segmentation cuts differently in a question and its
 * answer; Latin words whole, since spaces already delimit them.
 */
const isHiragana = (c: number) => c >= 0x3040 && c <= 0x309f;
const SEPARATOR = /^[\s\p{P}\p{S}]+$/u;
// Latin words (and numbers) are matched whole: spaces already delimit them, and their pairs say little.
const LATIN_CHAR = /^\p{Script=Latin}$/u;
const enum Kind {
  Separator = 1,
  Latin = 2,
  Other = 3,
}
const kindOf = (char: string): Kind =>
  SEPARATOR.test(char) ? Kind.Separator : LATIN_CHAR.test(char) ? Kind.Latin : Kind.Other;

// The kind of every BMP code unit, built on first use: one table lookup per character instead of regular
// expressions over every candidate (the rerank was the search's largest own CPU cost after the model).
let kinds: Uint8Array | undefined;
function kindTable(): Uint8Array {
  if (kinds) return kinds;
  kinds = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) kinds[c] = c >= 0xd800 && c <= 0xdfff ? Kind.Other : kindOf(String.fromCharCode(c));
  return kinds;
}

/**
 * Pair codes are the two units as one int32 (`prev << 16 | c`, negative past 0x7fff): V8 keeps them unboxed in the term
 * sets, where `prev * 0x10000 + c` above 2^31 was a boxed number (allocation, slower hashing). Word codes live above
 * every pair code: FNV-1a of the word, offset by 2^32.
 */
const FNV_START = 0x811c9dc5;
const fnv = (h: number, unit: number) => Math.imul(h ^ unit, 0x01000193) >>> 0;

/**
 * Calls `visit` with each term of the text as a number: NFKC, folded (text/fold), lower case, split at spaces, punctuation and symbols;
 * Latin words whole; other scripts (numbers included) as character pairs, except pairs of two hiragana (mostly
 * particles and endings). Numbers, not strings: ~5× faster. The term is `norm.slice(start, end)`.
 */
export function eachTerm(text: string, visit: (code: number, norm: string, start: number, end: number) => void): void {
  const table = kindTable();
  const s = FULL_FOLD.text(text.normalize('NFKC')).toLowerCase();
  let prev = -1; // the previous code unit of a run of other scripts, -1 at a run's start
  let word = -1; // where the current Latin word started
  let hash = FNV_START;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let kind = table[c] as Kind;
    // A supplementary character (two code units) takes the kind of its code point; its units pair like any other.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const low = s.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) kind = kindOf(String.fromCharCode(c, low));
    }
    if (kind !== Kind.Latin && word >= 0) {
      visit(0x100000000 + hash, s, word, i);
      word = -1;
    }
    if (kind === Kind.Latin) {
      if (word < 0) [word, hash, prev] = [i, FNV_START, -1];
      hash = fnv(hash, c);
    } else if (kind === Kind.Separator) {
      prev = -1;
    } else {
      if (prev >= 0 && !(isHiragana(prev) && isHiragana(c))) visit((prev << 16) | c, s, i - 1, i + 1);
      prev = c;
    }
    // The low half of a supplementary separator or Latin letter shares its kind.
    if (kind !== Kind.Other && c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      i++;
      if (kind === Kind.Latin) hash = fnv(hash, s.charCodeAt(i));
    }
  }
  if (word >= 0) visit(0x100000000 + hash, s, word, s.length);
}

/** The terms the reranker matches on: character pairs and Latin words (for tests and debugging). */
export function bigrams(text: string): string[] {
  const out: string[] = [];
  eachTerm(text, (_code, norm, start, end) => out.push(norm.slice(start, end)));
  return out;
}

/** The distinct terms of a text, as codes (what coverage and the rerank look up). */
export function termSet(text: string): Set<number> {
  const out = new Set<number>();
  eachTerm(text, (code) => out.add(code));
  return out;
}
