import { toKatakana } from 'wanakana';
import type { Morpheme } from '../../text/reading/analyser.ts';

/** A term of the text with its reading (katakana; null when a word of it has none). */
export interface Term {
  text: string;
  katakana: string | null;
}

const HAS_KANJI_OR_KATAKANA = /[\p{Script=Han}\p{Script=Katakana}]/u;
const KATAKANA = /^[\p{Script=Katakana}ー]+$/u;
// A compound of more nouns than this is a phrase, not a name anyone types.
const MAX_RUN = 4;
const MAX_CHARS = 24;

const readingOf = (m: Morpheme) => m.reading ?? (KATAKANA.test(m.surface) ? toKatakana(m.surface) : null);

/**
 * The nouns of a text that a search box completes to: each noun of two characters or more with kanji or katakana,
 * and each run of two to four nouns written together (普天間 + 飛行場 → 普天間飛行場), as IPADIC cuts compounds apart.
 */
export function termsOf(morphemes: readonly Morpheme[]): Term[] {
  const out: Term[] = [];
  let run: Morpheme[] = [];
  const close = () => {
    if (run.length >= 2 && run.length <= MAX_RUN) {
      const text = run.map((m) => m.surface).join('');
      const readings = run.map(readingOf);
      if (text.length <= MAX_CHARS)
        out.push({ text, katakana: readings.every((r) => r !== null) ? readings.join('') : null });
    }
    run = [];
  };
  for (const m of morphemes) {
    if (m.pos !== '名詞' || !HAS_KANJI_OR_KATAKANA.test(m.surface)) {
      close();
      continue;
    }
    run.push(m);
    if ([...m.surface].length >= 2) out.push({ text: m.surface, katakana: readingOf(m) });
  }
  close();
  return out;
}
