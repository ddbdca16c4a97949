import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.ts';
import { createFold, FULL_FOLD } from '../text/fold/fold.ts';
import { loadAnalyser } from '../text/reading/analyser.ts';
import { loadReadingsAnalyser, readingsOf } from '../text/reading/readings.ts';
import { normalizeForMatch } from '../text/normalize.ts';
import { isKanaQuery, romajiQuery } from '../text/reading/romaji.ts';

describe('variant folding', () => {
  it('folds old and variant kanji to their common form, and drops variation selectors', () => {
    const itaiji = createFold(['itaiji']);
    expect(itaiji.text('仲井眞・髙島屋・齋藤・澤・邊・國')).toBe('仲井真・高島屋・斎藤・沢・辺・国');
    expect(itaiji.text('葛\u{E0100}飾')).toBe('葛飾');
    expect(itaiji.text('真・高・斎')).toBe('真・高・斎');
  });

  it('folds ヴ, the long-vowel mark ending a katakana word, and small or historical kana, each rule alone', () => {
    expect(createFold(['vu']).text('ヴァイオリン・ヴィーナス・ヴ・ヴェール・ヴォーカル')).toBe(
      'バイオリン・ビーナス・ブ・ベール・ボーカル',
    );
    const long = createFold(['long-vowel']);
    expect(long.text('コンピューター、サーバー。')).toBe('コンピュータ、サーバ。');
    // Short words keep it, and a mark inside a word is not at its end.
    expect(long.text('コピー、カー、ユーザーインターフェース')).toBe('コピー、カー、ユーザーインターフェース');
    expect(createFold(['kana']).text('霞ヶ関・一ヵ月・ウヰスキー・ゑびす・〜')).toBe(
      '霞ケ関・一カ月・ウイスキー・えびす・~',
    );
    expect(createFold([]).text('ヴァイオリン髙')).toBe('ヴァイオリン髙');
  });

  it('maps each folded character back to the text as written', () => {
    const text = 'ヴァイオリンとコンピューター、仲井眞';
    const folded = FULL_FOLD.withMap(text);
    expect(folded.text).toBe('バイオリンとコンピュータ、仲井真');
    const at = (word: string) => {
      const i = folded.text.indexOf(word);
      return text.slice(folded.from[i], folded.from[i + word.length]);
    };
    expect(at('バイオリン')).toBe('ヴァイオリン');
    // A dropped mark belongs to the word before it: the whole written word is marked.
    expect(at('コンピュータ')).toBe('コンピューター');
    expect(at('仲井真')).toBe('仲井眞');
    expect(folded.from.length).toBe(folded.text.length + 1);
  });

  it('reads FOLD as a list of rules, all or none, and names a bad one', () => {
    expect(loadConfig({}).FOLD).toEqual(['itaiji', 'vu', 'long-vowel', 'kana']);
    expect(loadConfig({ FOLD: 'none' }).FOLD).toEqual([]);
    expect(loadConfig({ FOLD: 'vu, kana' }).FOLD).toEqual(['vu', 'kana']);
    expect(() => loadConfig({ FOLD: 'vu,kanji' })).toThrowError(/FOLD.*unknown fold rule kanji/);
  });
});

describe('readings', () => {
  it('reads the content words of a text in katakana and romaji, without particles', () => {
    const r = readingsOf(loadAnalyser(), '普天間飛行場の辺野古への移設');
    expect(r.reading.split(' ')).toEqual(['フテンマ', 'ヒコウジョウ', 'ヘノコ', 'イセツ']);
    expect(r.romaji.split(' ')).toEqual(['futenma', 'hikojo', 'henoko', 'isetsu']);
    // Each word once; hiragana words are found by the text itself.
    expect(readingsOf(loadAnalyser(), '普天間と普天間、すももとバイオリン').reading).toBe('フテンマ バイオリン');
  });

  it("gives the same readings through the indexer's analyser, which never hands over particles and symbols", () => {
    const paragraphs = readFileSync(new URL('../../shared/eval/jsquad-valid/corpus.jsonl', import.meta.url), 'utf8')
      .trim()
      .split('\n')
      .slice(0, 300)
      .map((l) => normalizeForMatch((JSON.parse(l) as { text: string }).text));
    const indexer = loadReadingsAnalyser();
    for (const text of paragraphs) expect(readingsOf(indexer, text)).toEqual(readingsOf(loadAnalyser(), text));
    // It is a different analyser: the words it drops are gone before any filter in JavaScript.
    const sentence = '私は、本を読みました。';
    expect(indexer(sentence).length).toBeLessThan(loadAnalyser()(sentence).length);
    expect(indexer(sentence).map((m) => m.pos)).not.toContain('助詞');
  });

  it('tells kana and romaji queries from others', () => {
    expect(['ふてんま', 'フテンマ', 'へのこ いせつ'].map(isKanaQuery)).toEqual([true, true, true]);
    expect(['普天間', 'ふてんま飛行場', 'futenma', ' '].map(isKanaQuery)).toEqual([false, false, false, false]);
    expect(romajiQuery('Futenma')).toBe('futenma');
    expect(romajiQuery('toukyou')).toBe('tokyo');
    expect(romajiQuery('tōkyō')).toBe('tokyo');
    expect(romajiQuery('henoko isetsu')).toBe('henoko isetsu');
    // An English word with letters left over after kana is not romaji, nor is anything but Latin letters.
    expect(romajiQuery('meet')).toBeNull();
    expect(romajiQuery('Where did they meet')).toBeNull();
    expect(romajiQuery('普天間')).toBeNull();
    expect(romajiQuery('TPP2')).toBeNull();
  });
});
