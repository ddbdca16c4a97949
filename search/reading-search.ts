import { toKatakana } from 'wanakana';
import { isKanaQuery, romajiQuery } from '../text/reading/romaji.ts';
import { lookupWord, type Lexicon } from '../text/lexicon/lexicon.ts';
import type { ReadingQuery } from '../store/search-legs.ts';

export interface ReadingSearch {
  /** The keyword leg's extra query on the readings. */
  query: ReadingQuery;
  /** The query as its terms are matched (search/lexical): katakana or romaji, like the readings of the chunks. */
  terms: string;
}

/**
 * A query typed as kana (before the IME converts it) or as romaji also searches the chunks' readings. Kana is sent as
 * katakana, as the readings are written: Meilisearch cuts hiragana へのこ into the stop words へ and の and a stray
 * こ, and finds ヘノコ whole. A Latin query the lexicon knows as English ("japan",
 * "tokyo") is English, not romaji: the lexicon's Japanese forms already search for it.
 */
export function readingSearch(q: string, lexicon: Lexicon | null): ReadingSearch | null {
  if (isKanaQuery(q)) {
    const katakana = toKatakana(q);
    return { query: { q: katakana, on: ['reading'] }, terms: katakana };
  }
  const romaji = romajiQuery(q);
  if (romaji === null) return null;
  if (lexicon && q.split(/\s+/).some((w) => lookupWord(lexicon, w.toLowerCase()).length > 0)) return null;
  return { query: { q: romaji, on: ['romaji'] }, terms: romaji };
}
