import { loadAnalyser, type Analyser, type Morpheme } from './analyser.ts';
import { romajiOf } from './romaji.ts';

/** A text's readings as the keyword leg indexes them: katakana words, and the same words in romaji. */
export interface Readings {
  reading: string;
  romaji: string;
}

// Particles, auxiliaries and symbols carry no name to look up, and in romaji they would meet English words (to, no).
// Every IPADIC tag of those classes (its pos-id.def) is dropped inside the analyser: each word not handed to
// JavaScript is tokenizing's main cost saved. isContentWord still decides by the classes these tags name, so a tag
// missing here costs time, never a reading.
const SKIPPED_TAGS = [
  '助詞,格助詞,一般,*',
  '助詞,格助詞,引用,*',
  '助詞,格助詞,連語,*',
  '助詞,係助詞,*,*',
  '助詞,終助詞,*,*',
  '助詞,接続助詞,*,*',
  '助詞,特殊,*,*',
  '助詞,副詞化,*,*',
  '助詞,副助詞,*,*',
  '助詞,副助詞／並立助詞／終助詞,*,*',
  '助詞,並立助詞,*,*',
  '助詞,連体化,*,*',
  '助動詞,*,*,*',
  '記号,アルファベット,*,*',
  '記号,一般,*,*',
  '記号,括弧開,*,*',
  '記号,括弧閉,*,*',
  '記号,句点,*,*',
  '記号,空白,*,*',
  '記号,読点,*,*',
];
const SKIPPED = new Set(SKIPPED_TAGS.map((tag) => tag.split(',')[0]));

/** The analyser the readings use: the shared one without the words readings skip. */
export const loadReadingsAnalyser = (): Analyser => loadAnalyser({ stopTags: SKIPPED_TAGS });

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
