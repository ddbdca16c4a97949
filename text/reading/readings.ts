import type { Analyser, Morpheme } from './analyser.ts';
import { romajiOf } from './romaji.ts';

/** A text's readings as the keyword leg indexes them: katakana words, and the same words in romaji. */
export interface Readings {
  reading: string;
  romaji: string;
}

// Particles, auxiliaries and symbols carry no name to look up, and in romaji they would meet English words (to, no).
const SKIPPED = new Set(['助詞', '助動詞', '記号']);
// Words written in hiragana alone are found by the text itself (Meilisearch matches kana across scripts).
const HAS_KANJI_OR_KATAKANA = /[\p{Script=Han}\p{Script=Katakana}]/u;

/**
 * The readings of the content words of a (folded) text, each word once, in order of first use: a reading is found,
 * not ranked by how often it recurs, and each repeat was index size (readings tripled Meilisearch's data on JSQuAD).
 */
export function readingsOf(analyse: Analyser, text: string): Readings {
  const words = [
    ...new Set(
      analyse(text)
        .filter(isContentWord)
        .map((m) => m.reading!),
    ),
  ];
  return { reading: words.join(' '), romaji: words.map(romajiOf).filter(Boolean).join(' ') };
}

/** A word the readings hold: it has a reading and kanji or katakana, and is not a particle, an auxiliary or a symbol. */
export const isContentWord = (m: Morpheme) =>
  m.reading !== undefined && !SKIPPED.has(m.pos) && HAS_KANJI_OR_KATAKANA.test(m.surface);
