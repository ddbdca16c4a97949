/** Japanese forms for the Latin words of a query: what lets an English query's words count on a Japanese index. */
export interface Lexicon {
  name: string;
  /** Longest entry, in words ("peace sign" is 2). */
  maxWords: number;
  /** Japanese forms for a lower-case word or phrase; empty when it has none. */
  lookup(phrase: string): readonly string[];
}

/** Whether a query reads the lexicon: Latin letters on a Japanese index, which only their Japanese forms can match. */
export function lexiconApplies(locale: string, q: string): boolean {
  return locale === 'jpn' && /\p{Script=Latin}/u.test(q);
}

const LATIN_PHRASE = /^[a-z0-9][a-z0-9 .'&-]*$/;

/** Looks a word up as written, then as an English singular (ministers → minister, policies → policy). */
export function lookupWord(lexicon: Lexicon, word: string): readonly string[] {
  const direct = lexicon.lookup(word);
  if (direct.length) return direct;
  for (const [suffix, replacement] of SINGULARS) {
    if (word.length > suffix.length + 2 && word.endsWith(suffix)) {
      const found = lexicon.lookup(word.slice(0, -suffix.length) + replacement);
      if (found.length) return found;
    }
  }
  return [];
}

const SINGULARS: [string, string][] = [
  ['ies', 'y'],
  ['es', ''],
  ['s', ''],
];

/** A lexicon from [latin, japanese[]] pairs (keys are lower-cased; entries that are not Latin are ignored). */
export function createLexicon(name: string, entries: Iterable<[string, readonly string[]]>): Lexicon {
  const map = new Map<string, string[]>();
  let maxWords = 1;
  for (const [latin, forms] of entries) {
    const key = latin.normalize('NFKC').toLowerCase().trim();
    if (!LATIN_PHRASE.test(key) || !forms.length) continue;
    const list = map.get(key) ?? [];
    for (const f of forms) if (!list.includes(f)) list.push(f);
    map.set(key, list);
    maxWords = Math.max(maxWords, key.split(' ').length);
  }
  return { name, maxWords, lookup: (phrase) => map.get(phrase) ?? [] };
}
