import { isKana, toKatakana } from 'wanakana';
import type { Analyser } from './analyser.ts';
import { romajiOf } from './romaji.ts';

/** How a whole phrase (a title, a heading, a term) reads: katakana and romaji, without spaces, or null. */
export interface PhraseReading {
  katakana: string;
  romaji: string;
}

const LATIN_OR_DIGITS = /^[\p{Script=Latin}\p{Nd}]+$/u;
const SPACE = /^\s+$/;

/**
 * The reading of every word of a phrase, particles too (a typed prefix spells them: ふてんまひこうじょうの…), joined:
 * what a kana or romaji prefix is matched against. Kana stays kana, Latin words and digits stay as written; null when
 * a word has no reading (a kanji word the dictionary lacks), since a partial reading would suggest the phrase for
 * prefixes that do not read as it.
 */
export function phraseReading(analyse: Analyser, phrase: string): PhraseReading | null {
  let katakana = '';
  for (const m of analyse(phrase)) {
    if (SPACE.test(m.surface)) continue;
    if (m.reading) katakana += m.reading;
    else if (isKana(m.surface)) katakana += toKatakana(m.surface);
    else if (LATIN_OR_DIGITS.test(m.surface)) katakana += m.surface.toLowerCase();
    else return null;
  }
  if (!katakana) return null;
  return { katakana, romaji: romajiOf(katakana).replace(/\s+/g, '') };
}
