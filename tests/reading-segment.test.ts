import { describe, expect, it } from 'vitest';
import { toKatakana } from 'wanakana';
import { loadAnalyser } from '../text/reading/analyser.ts';
import { readingsOf } from '../text/reading/readings.ts';
import { romajiQuery } from '../text/reading/romaji.ts';
import { segmentReading } from '../text/reading/segment.ts';
import { buildVocabulary, prefixCount, vocabulariesOf } from '../text/reading/vocabulary.ts';
import { readingSearch } from '../search/reading-search.ts';

// An index's reading words, as the indexer writes them (one chunk a sentence), each counted once per chunk.
const chunks = [
  '強固な日米同盟と米国のアジアへの強いコミットメントが引き続き重要である。',
  '中国と戦略的互恵関係を目指すとの大きな方向性は不変である。',
  '普天間飛行場の辺野古への移設を進める。',
  '日米外相会談が行われ、日本と米国の協力を確認した。',
  '開発サーバーをミドルウェアモードで起動し、本番にデプロイする。',
];
const words = new Map<string, number>();
for (const text of chunks)
  for (const w of new Set(readingsOf(loadAnalyser(), text).reading.split(' '))) words.set(w, (words.get(w) ?? 0) + 1);
const v = vocabulariesOf(words);
const kana = (q: string) => segmentReading(toKatakana(q), v.reading);
const romaji = (q: string) => segmentReading(romajiQuery(q)!, v.romaji);

describe('segmenting a reading typed without spaces', () => {
  it("cuts a kana phrase into the index's reading words", () => {
    expect(kana('にちべいどうめい')).toEqual(['ニチ', 'ベイ', 'ドウメイ']);
    expect(kana('せんりゃくてきごけい')).toEqual(['センリャク', 'テキ', 'ゴケイ']);
    expect(kana('ふてんまひこうじょう')).toEqual(['フテンマ', 'ヒコウジョウ']);
  });

  it('cuts a romaji phrase the same way, long vowels folded', () => {
    expect(romaji('nichibeidomei')).toEqual(['nichi', 'bei', 'domei']);
    expect(romaji('senryakutekigokei')).toEqual(['senryaku', 'teki', 'gokei']);
    expect(romaji('futenmahikojo')).toEqual(['futenma', 'hikojo']);
  });

  it('keeps one word whole, and a word still being typed as its prefix', () => {
    expect(kana('ふてんま')).toEqual(['フテンマ']);
    expect(kana('へのこ')).toEqual(['ヘノコ']);
    expect(kana('ふてん')).toEqual(['フテン']);
    expect(romaji('futenma')).toEqual(['futenma']);
    expect(romaji('futen')).toEqual(['futen']);
    expect(kana('にちべいどうめ')).toEqual(['ニチ', 'ベイ', 'ドウメ']);
  });

  it('leaves a katakana word IPADIC does not know (no reading: the text itself finds it) whole', () => {
    expect(words.has('デプロイ')).toBe(false);
    expect(kana('でぷろい')).toEqual(['デプロイ']);
    expect(kana('みどるうぇあもーど')).toEqual(['ミドルウェアモード']);
  });

  it('leaves what no word covers whole, as typed', () => {
    expect(kana('ぽけもん')).toEqual(['ポケモン']);
    expect(kana('にちべいぽけもん')).toEqual(['ニチ', 'ベイ', 'ポケモン']);
    expect(segmentReading('ニチベイ', buildVocabulary(new Map()))).toEqual(['ニチベイ']);
  });

  it('picks the most probable cut under the counts (unigram model)', () => {
    const of = (entries: [string, number][]) => buildVocabulary(new Map(entries));
    // P(アイ)·P(ウエ) = (50/101)² > P(アイウエ) = 1/101: a frequent pair beats a rare whole word.
    expect(
      segmentReading(
        'アイウエ',
        of([
          ['アイ', 50],
          ['ウエ', 50],
          ['アイウエ', 1],
        ]),
      ),
    ).toEqual(['アイ', 'ウエ']);
    // (2/14)² < 10/14: a word the index holds often stays whole.
    expect(
      segmentReading(
        'アイウエ',
        of([
          ['アイ', 2],
          ['ウエ', 2],
          ['アイウエ', 10],
        ]),
      ),
    ).toEqual(['アイウエ']);
    expect(
      prefixCount(
        of([
          ['アイ', 50],
          ['アイウエ', 1],
          ['ウエ', 50],
        ]),
        'アイ',
      ),
    ).toBe(51);
  });
});

describe('the reading search a kana or romaji phrase sends', () => {
  it('sends the cut words to the readings, and the uncut phrase without a vocabulary', () => {
    expect(readingSearch('にちべいどうめい', null, v)?.query).toEqual({ q: 'ニチ ベイ ドウメイ', on: ['reading'] });
    expect(readingSearch('nichibeidomei', null, v)?.query).toEqual({ q: 'nichi bei domei', on: ['romaji'] });
    expect(readingSearch('にちべいどうめい', null)?.query.q).toBe('ニチベイドウメイ');
  });

  it('searches the text for the katakana of a hiragana query, whole', () => {
    expect(readingSearch('でぷろい', null, v)?.text).toBe('デプロイ');
    expect(readingSearch('みどるうぇあもーど', null, v)?.text).toBe('ミドルウェアモード');
    expect(readingSearch('デプロイ', null, v)?.text).toBeUndefined();
    expect(readingSearch('depuroi', null, v)?.text).toBeUndefined();
  });
});
