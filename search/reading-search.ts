import { toKatakana } from 'wanakana';
import { isKanaQuery, romajiQuery } from '../text/reading/romaji.ts';
import { segmentReading } from '../text/reading/segment.ts';
import type { ReadingVocabularies, ReadingVocabulary } from '../text/reading/vocabulary.ts';
import { lookupWord, type Lexicon } from '../text/lexicon/lexicon.ts';
import type { ReadingQuery } from '../store/search-legs.ts';

export interface ReadingSearch {
  /** The keyword leg's extra query on the readings. */
  query: ReadingQuery;
  /** The query as its terms are matched (search/lexical): katakana or romaji, like the readings of the chunks. */
  terms: string;
  /**
   * Hiragana as katakana (でぷろい → デプロイ), searched in the text too: the text writes a loanword in katakana, and
   * the readings may not hold it as the text does. IPADIC gives no reading to a word it does not know (デプロイ,
   * ミドルウェアモード: one unknown word in the text, while other chunks give the readings ミドル, ウェア, モード), and
   * Meilisearch's tokeniser (Lindera, IPADIC) cuts the hiragana by written forms (で ぷろい), which never meets the
   * katakana word whole.
   */
  text?: string;
}

/** Whether a query is searched by the readings (kana, or what may be romaji): it wants the index's vocabulary. */
export const mayReadQuery = (q: string) => isKanaQuery(q) || romajiQuery(q) !== null;

/**
 * A query typed as kana (before the IME converts it) or as romaji also searches the chunks' readings. Kana is sent as
 * katakana, as the readings are written: Meilisearch cuts hiragana へのこ into the stop words へ and の and a stray
 * こ, and finds ヘノコ whole. A Latin query the lexicon knows as English ("japan",
 * "tokyo") is English, not romaji: the lexicon's Japanese forms already search for it.
 * With the index's vocabulary, a phrase typed without spaces is cut into its reading words (にちべいどうめい →
 * ニチ ベイ ドウメイ, text/reading/segment.ts): Meilisearch matches readings word by word, and its own tokeniser
 * leaves an unknown katakana string whole (ニチベイドウメイ matches nothing).
 */
export function readingSearch(
  q: string,
  lexicon: Lexicon | null,
  vocabulary?: ReadingVocabularies | null,
): ReadingSearch | null {
  if (isKanaQuery(q)) {
    const whole = toKatakana(q).trim();
    const words = cut(whole, vocabulary?.reading);
    const katakana = words.join(' ');
    return { query: { q: katakana, on: ['reading'] }, terms: katakana, ...(whole !== q.trim() ? { text: whole } : {}) };
  }
  const plain = romajiQuery(q);
  if (plain === null) return null;
  if (lexicon && q.split(/\s+/).some((w) => lookupWord(lexicon, w.toLowerCase()).length > 0)) return null;
  const romaji = cut(plain, vocabulary?.romaji).join(' ');
  return { query: { q: romaji, on: ['romaji'] }, terms: romaji };
}

const cut = (typed: string, vocabulary: ReadingVocabulary | undefined) =>
  vocabulary
    ? typed
        .split(/\s+/)
        .filter(Boolean)
        .flatMap((w) => segmentReading(w, vocabulary))
    : [typed];
