import { romajiOf } from './romaji.ts';

/**
 * The reading words an index holds (text/reading/readings.ts: katakana, or their romaji), each with the number of
 * chunks that hold it: what a kana or romaji phrase typed without spaces is cut into (segment.ts).
 */
export interface ReadingVocabulary {
  counts: ReadonlyMap<string, number>;
  /** The counts' sum: a word's probability in the unigram model is its count over this. */
  total: number;
  /** The longest word, in characters: no piece of a query is looked up beyond it. */
  longest: number;
  /**
   * A word the index lacks, in the unigram model: the unseen words' share of the total (Good–Turing: the share of
   * words seen once), times one over the alphabet (the distinct characters of the words) per character.
   */
  unseen: { logShare: number; logPerChar: number };
  /** The words sorted, with the running sum of their counts, for the words a typed prefix starts. */
  sorted: readonly string[];
  running: readonly number[];
}

export function buildVocabulary(counts: ReadonlyMap<string, number>): ReadingVocabulary {
  const sorted = [...counts.keys()].sort();
  const running = [0];
  for (const w of sorted) running.push(running[running.length - 1] + counts.get(w)!);
  const total = running[running.length - 1];
  let once = 0;
  const alphabet = new Set<string>();
  for (const [w, n] of counts) {
    if (n === 1) once++;
    for (const c of w) alphabet.add(c);
  }
  return {
    counts,
    total,
    longest: sorted.reduce((n, w) => Math.max(n, w.length), 0),
    unseen: { logShare: Math.log(Math.max(once, 1) / Math.max(total, 1)), logPerChar: -Math.log(alphabet.size || 1) },
    sorted,
    running,
  };
}

/** The same vocabulary in romaji as the romaji field holds it (romajiOf); words that fold together add up. */
export function romajiVocabulary(katakana: ReadonlyMap<string, number>): ReadingVocabulary {
  const counts = new Map<string, number>();
  for (const [w, n] of katakana) {
    const r = romajiOf(w);
    if (r) counts.set(r, (counts.get(r) ?? 0) + n);
  }
  return buildVocabulary(counts);
}

/** How many chunks hold a word that starts with `prefix` (a word still being typed), counted per word. */
export function prefixCount(v: ReadingVocabulary, prefix: string): number {
  const lo = lowerBound(v.sorted, prefix);
  const hi = lowerBound(v.sorted, `${prefix}\uffff`);
  return v.running[hi] - v.running[lo];
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The katakana and romaji vocabularies of an index's reading words. */
export interface ReadingVocabularies {
  reading: ReadingVocabulary;
  romaji: ReadingVocabulary;
}

// Built once per map of words: the store hands back the same map while the index is unchanged.
const built = new WeakMap<ReadonlyMap<string, number>, ReadingVocabularies>();

export function vocabulariesOf(words: ReadonlyMap<string, number>): ReadingVocabularies {
  let v = built.get(words);
  if (!v) built.set(words, (v = { reading: buildVocabulary(words), romaji: romajiVocabulary(words) }));
  return v;
}
