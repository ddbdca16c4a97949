import type { Analyser } from './analyser.ts';
import { isContentWord } from './readings.ts';
import { romajiOf } from './romaji.ts';

/** Where a text writes what a reading query typed: 普天間 for ふてんま or futenma. */
export interface WrittenForm {
  start: number;
  end: number;
  /** Which word of the query it writes. */
  word: number;
}

/** A kana or romaji query as the keyword leg sent it to the readings (search/reading-search.ts). */
export interface ReadingWords {
  /** Katakana words, or folded romaji words (romajiOf). */
  words: readonly string[];
  romaji: boolean;
}

interface Token {
  start: number;
  end: number;
  reading: string;
  content: boolean;
}

// What is analysed: runs of kanji and katakana with up to two kana after them (okurigana, a particle). The readings
// that matter are the kanji's; analysing the runs alone, not the whole text, is ~6× cheaper (lindera: a 2030-character
// text took 62 ms whole, its 399 runs 10 ms), and runs recur across chunks (普天間飛行場), so they are cached.
const RUN =
  /[\p{Script=Han}\p{Script=Katakana}ー々〆][\p{Script=Han}\p{Script=Katakana}ー々〆]*[\p{Script=Hiragana}]{0,2}/gu;
const RUN_CACHE = 20000;
const TEXT_CACHE = 1000;
// A prefix of one character would mark every word starting with that sound.
const MIN_PREFIX = 2;

/**
 * Finds the written forms of a reading query's words in texts: each text's words are read by the analyser and the
 * words whose reading (or a run of adjacent words whose readings together) spells a query word are returned, the
 * query's last word also as a prefix (typed as one goes: ふてん → 普天間). Only words that carry a name count as a
 * start (text/reading/readings.ts isContentWord), as they are what the readings index holds.
 */
export function createWrittenForms(analyser: () => Analyser): WrittenFormsOf {
  const runs = new Map<string, Token[]>();

  // The runs of a text not read before, read in one call (joined by newlines, where the analyser always cuts): one
  // call per run cost more than reading them all at once.
  function readRuns(fresh: readonly string[]): void {
    const joined = fresh.join('\n');
    const starts: number[] = [];
    for (let i = 0, at = 0; i < fresh.length; at += fresh[i].length + 1, i++) starts.push(at);
    const tokens = fresh.map((): Token[] => []);
    let at = 0;
    let run = 0;
    for (const m of analyser()(joined)) {
      const start = joined.indexOf(m.surface, at);
      if (start < 0) continue;
      at = start + m.surface.length;
      while (run + 1 < starts.length && starts[run + 1] <= start) run++;
      if (!m.reading) continue;
      const from = start - starts[run];
      tokens[run].push({ start: from, end: from + m.surface.length, reading: m.reading, content: isContentWord(m) });
    }
    fresh.forEach((r, i) => {
      runs.set(r, tokens[i]);
      if (runs.size > RUN_CACHE) runs.delete(runs.keys().next().value!);
    });
  }

  // A text's words, kept too: the same hits come back as a query is typed on (ふ, ふて, ふてん…).
  const texts = new Map<string, Token[]>();
  function tokensOf(text: string): Token[] {
    const kept = texts.get(text);
    if (kept) return kept;
    const found = [...text.matchAll(RUN)];
    const fresh = [...new Set(found.map((m) => m[0]).filter((r) => !runs.has(r)))];
    if (fresh.length) readRuns(fresh);
    const tokens: Token[] = [];
    for (const m of found) {
      const cached = runs.get(m[0]) ?? [];
      for (const t of cached) tokens.push({ ...t, start: m.index + t.start, end: m.index + t.end });
    }
    texts.set(text, tokens);
    if (texts.size > TEXT_CACHE) texts.delete(texts.keys().next().value!);
    return tokens;
  }

  const find = (text: string, query: ReadingWords): WrittenForm[] => {
    const tokens = tokensOf(text);
    const out: WrittenForm[] = [];
    const last = query.words.length - 1;
    query.words.forEach((word, w) => {
      const prefix = w === last && word.length >= MIN_PREFIX;
      for (let i = 0; i < tokens.length; i++) {
        if (!tokens[i].content) continue;
        if (!mayStart(tokens[i].reading, word, query.romaji)) continue;
        let read = '';
        let end = -1;
        for (let j = i; j < tokens.length && (j === i || tokens[j].start === tokens[j - 1].end); j++) {
          read += tokens[j].reading;
          const key = query.romaji ? romajiOf(read) : read;
          if (key === word || (prefix && key.startsWith(word))) {
            end = j;
            break;
          }
          if (!word.startsWith(key)) break;
        }
        if (end >= 0) {
          out.push({ start: tokens[i].start, end: tokens[end].end, word: w });
          i = end;
          continue;
        }
        // Meilisearch also matched a word with typos (its defaults: one from 5 characters, two from 9, none on the
        // first): futen finds 不変 (fuhen). Marked too, so the hit shows why it came.
        const allowed = word.length >= 9 ? 2 : word.length >= 5 ? 1 : 0;
        if (!allowed) continue;
        const key = query.romaji ? romajiOf(tokens[i].reading) : tokens[i].reading;
        if (key[0] === word[0] && typos(word, key, w === last) <= allowed)
          out.push({ start: tokens[i].start, end: tokens[i].end, word: w });
      }
    });
    return out.sort((a, b) => a.start - b.start);
  };
  return Object.assign(find, { mayHold });
}

export interface WrittenFormsOf {
  (text: string, query: ReadingWords): WrittenForm[];
  /**
   * Whether a chunk whose readings (its `reading` or `romaji` field: the words it holds, space-separated) are these
   * can hold a query word: one of them starts it, is started by it, or is a typo away. A chunk that cannot is not read.
   */
  mayHold(readings: string, query: ReadingWords): boolean;
}

function mayHold(readings: string, query: ReadingWords): boolean {
  const words = readings.split(' ');
  return query.words.some((word, w) => {
    const allowed = word.length >= 9 ? 2 : word.length >= 5 ? 1 : 0;
    const prefix = w === query.words.length - 1;
    return words.some(
      (r) =>
        r !== '' &&
        (r.startsWith(word) ||
          word.startsWith(r) ||
          (allowed > 0 && r[0] === word[0] && typos(word, r, prefix) <= allowed)),
    );
  });
}

// A word's romaji starts with the kana's first letter(s); comparing the first letter skips wanakana for most tokens.
const FIRST_LETTER = new Map<string, string>();
function mayStart(reading: string, word: string, romaji: boolean): boolean {
  if (!romaji) return reading[0] === word[0];
  const kana = reading[0] ?? '';
  let letter = FIRST_LETTER.get(kana);
  if (letter === undefined) FIRST_LETTER.set(kana, (letter = romajiOf(kana)[0] ?? ''));
  return letter === word[0];
}

/** Edit distance from `word` to `key`, or to the closest prefix of `key` when `prefix` (the word is still typed). */
function typos(word: string, key: string, prefix: boolean): number {
  let row = Array.from({ length: key.length + 1 }, (_, j) => j);
  for (let i = 1; i <= word.length; i++) {
    const next = [i];
    for (let j = 1; j <= key.length; j++)
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (word[i - 1] === key[j - 1] ? 0 : 1));
    row = next;
  }
  return prefix ? Math.min(...row) : row[key.length];
}
