import { scoreOf, type SuggestEntry } from './entry.ts';

/** What a typed prefix is looked up as: its folded form, and its reading when it is kana or romaji. */
export interface PrefixKeys {
  folded: string;
  katakana?: string;
  romaji?: string;
}

export interface Match {
  entry: SuggestEntry;
  /** True when the folded written form starts with the prefix (not only its reading). */
  written: boolean;
}

export interface SuggestDictionary {
  readonly size: number;
  lookup(keys: PrefixKeys, limit: number): Match[];
}

// A one-character prefix can start thousands of entries; past this many a lookup stops scanning (entries are sorted
// by key, so it keeps the alphabetically first, not the best: the cap bounds latency for the shortest prefixes only).
const MAX_SCAN = 20_000;

type Sorted = { keys: string[]; entries: SuggestEntry[] };

function sortedBy(entries: SuggestEntry[], keyOf: (e: SuggestEntry) => string | undefined): Sorted {
  const pairs = entries.flatMap((e) => {
    const k = keyOf(e);
    return k ? [[k, e] as const] : [];
  });
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { keys: pairs.map(([k]) => k), entries: pairs.map(([, e]) => e) };
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

function* startingWith(s: Sorted, prefix: string): Generator<SuggestEntry> {
  const start = lowerBound(s.keys, prefix);
  const end = Math.min(s.keys.length, start + MAX_SCAN);
  for (let i = start; i < end && s.keys[i].startsWith(prefix); i++) yield s.entries[i];
}

/** Entries in sorted arrays by folded form, katakana and romaji reading: a prefix is two binary searches each. */
export function createDictionary(entries: SuggestEntry[]): SuggestDictionary {
  const folded = sortedBy(entries, (e) => e.folded);
  const katakana = sortedBy(entries, (e) => e.reading?.katakana);
  const romaji = sortedBy(entries, (e) => e.reading?.romaji);
  const scores = new Map(entries.map((e) => [e, scoreOf(e)]));
  return {
    size: entries.length,
    lookup(keys, limit) {
      // The best `limit` kept sorted as they come: a short prefix starts thousands of entries, and sorting them all
      // cost more than the lookup.
      const best: Match[] = [];
      const seen = new Set<SuggestEntry>();
      const offer = (entry: SuggestEntry, written: boolean) => {
        if (seen.has(entry)) return;
        seen.add(entry);
        const m = { entry, written };
        if (best.length >= limit && compare(m, best[best.length - 1], scores) >= 0) return;
        let i = best.length;
        while (i > 0 && compare(m, best[i - 1], scores) < 0) i--;
        best.splice(i, 0, m);
        if (best.length > limit) best.pop();
      };
      if (keys.folded) for (const e of startingWith(folded, keys.folded)) offer(e, true);
      if (keys.katakana) for (const e of startingWith(katakana, keys.katakana)) offer(e, false);
      if (keys.romaji) for (const e of startingWith(romaji, keys.romaji)) offer(e, false);
      return best;
    },
  };
}

function compare(a: Match, b: Match, scores: Map<SuggestEntry, number>): number {
  return (
    scores.get(b.entry)! - scores.get(a.entry)! ||
    a.entry.text.length - b.entry.text.length ||
    (a.entry.text < b.entry.text ? -1 : a.entry.text > b.entry.text ? 1 : 0)
  );
}

/** Higher score first; then the shorter completion (closer to what was typed); then by text, for a stable order. */
export function byRank(a: Match, b: Match): number {
  return (
    scoreOf(b.entry) - scoreOf(a.entry) ||
    a.entry.text.length - b.entry.text.length ||
    (a.entry.text < b.entry.text ? -1 : a.entry.text > b.entry.text ? 1 : 0)
  );
}
