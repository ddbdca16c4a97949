import type { Fold } from '../../text/fold/fold.ts';
import { normalizeForMatch } from '../../text/normalize.ts';
import type { PhraseReading } from '../../text/reading/phrase-reading.ts';
import type { SuggestionSource } from './types.ts';

/** A completion a prefix can reach: by its written form folded, or by its reading in katakana or romaji. */
export interface SuggestEntry {
  text: string;
  /** NFKC, variants folded, lower case, spaces collapsed: what a typed prefix is folded to as well. */
  folded: string;
  reading: PhraseReading | null;
  source: SuggestionSource;
  /** How many chunks hold it (searches for a query). */
  weight: number;
}

/** A text as both the entries and the typed prefix are matched: NFKC, folded, lower case, one space. */
export function foldedKey(fold: Fold, text: string): string {
  return fold.text(normalizeForMatch(text)).toLowerCase().replace(/\s+/g, ' ').trim();
}

// Which source outranks which at equal weight: what people searched, then the documents' own names.
const RANK: Record<SuggestionSource, number> = { query: 4, title: 3, heading: 2, synonym: 1.5, term: 1 };

export const scoreOf = (e: SuggestEntry) => RANK[e.source] + Math.log1p(e.weight);

/** Entries by folded form, each once: the best-ranked source keeps it, weights add up. */
export function mergeEntries(entries: Iterable<SuggestEntry>): SuggestEntry[] {
  const by = new Map<string, SuggestEntry>();
  for (const e of entries) {
    if (!e.folded) continue;
    const had = by.get(e.folded);
    if (!had) by.set(e.folded, { ...e });
    else {
      const weight = had.weight + e.weight;
      if (RANK[e.source] > RANK[had.source]) by.set(e.folded, { ...e, weight, reading: e.reading ?? had.reading });
      else Object.assign(had, { weight, reading: had.reading ?? e.reading });
    }
  }
  return [...by.values()];
}
