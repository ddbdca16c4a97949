import { describe, expect, it } from 'vitest';
import { createHighlighter } from '../search/highlight.ts';
import { stopWordsFor } from '../text/stop-words.ts';
import { loadAnalyser } from '../text/reading/analyser.ts';
import { createWrittenForms } from '../text/reading/written-forms.ts';

const highlighter = createHighlighter({ stopWords: stopWordsFor('ja'), cropChars: 40 });
// Marks shown as [ ] for reading.
const show = (
  q: string,
  text: string,
  focus?: { start: number; end: number },
  more: { forms?: string[]; spans?: { start: number; end: number }[] } = {},
) =>
  highlighter
    .forQuery(q, more.forms)(text, focus, more.spans)
    .replace(/\uE000/g, '[')
    .replace(/\uE001/g, ']')
    .replace(/\uE002/g, '<')
    .replace(/\uE003/g, '>');

describe('snippet highlighting', () => {
  it("marks the question's content words, not its particles or question words", () => {
    expect(show('会談はどこで行われたか', '会談は国務省で行われた。')).toBe('[会談]は国務省で行われた。');
    expect(show('普天間飛行場の移設', '普天間飛行場の移設を進める')).toBe('[普天間飛行場]の[移設]を進める');
  });

  it('matches Latin words regardless of width and case', () => {
    expect(show('ＴＰＰ', '日米はtppとTPPの交渉を進める')).toBe('日米は[tpp]と[TPP]の交渉を進める');
  });

  it('crops long text around the first match and says where it cut', () => {
    const text = `${'あ'.repeat(100)}普天間${'い'.repeat(100)}`;
    const out = show('普天間', text);
    expect(out.startsWith('…')).toBe(true);
    expect(out.endsWith('…')).toBe(true);
    expect(out).toContain('[普天間]');
    expect(out.replace(/[[\]…]/g, '').length).toBe(40);
  });

  it('shows the opening, unmarked, when no query word occurs (a semantic-only hit)', () => {
    expect(show('防空識別区', 'x'.repeat(50))).toBe(`${'x'.repeat(40)}…`);
  });

  it('treats regular-expression characters in the query as text', () => {
    expect(show('3.14', '3x14 ではなく 3.14 を使う')).toBe('3x14 ではなく [3.14] を使う');
  });

  describe('with the answer as focus', () => {
    it('marks the answer and the words inside it, and crops just before it, keeping all of it', () => {
      const text = `${'あ'.repeat(60)}会談はワシントンで行われた。その後、記者会見があった。`;
      const start = text.indexOf('会談');
      const end = text.indexOf('。') + 1;
      expect(show('会談の場所と記者会見', text, { start, end })).toBe(
        `…${'あ'.repeat(30)}<[会談]はワシントンで行われた。>…`,
      );
    });

    it('closes the answer when a word ends exactly at its end and another follows', () => {
      const text = '冒頭で会談\n記者会見の後で会談';
      expect(show('会談と記者会見', text, { start: 0, end: 5 })).toBe('<冒頭で[会談]>\n[記者会見]の後で[会談]');
    });

    it("leaves a word across the answer's edge unmarked, so the marks never interleave", () => {
      expect(show('会談', '外相会談した', { start: 0, end: 3 })).toBe('<外相会>談した');
    });
  });
});

describe('marks what the search matched beyond the words typed', () => {
  it('marks the forms the keyword leg also searched (a translation, a synonym), cut into words like the query', () => {
    expect(show('Hague Convention', '日本のハーグ条約締結', undefined, { forms: ['ハーグ', 'コンベンション'] })).toBe(
      '日本の[ハーグ]条約締結',
    );
    expect(show('米国務相', 'ケリー国務長官と会談', undefined, { forms: ['国務長官'] })).toBe('ケリー[国務長官]と会談');
  });

  it('leaves out forms that are function words', () => {
    expect(show('nuclear', '核兵器の問題', undefined, { forms: ['核', 'の'] })).toBe('[核]兵器の問題');
  });

  it('marks a kana query whole where the text writes it in kana, and never a lone hiragana of it', () => {
    expect(show('せきゆ', '石油(せきゆ)と', undefined, { spans: [{ start: 0, end: 2 }] })).toBe('[石油]([せきゆ])と');
    expect(show('らじお', 'から北部および')).toBe('から北部および');
  });

  it('marks given ranges too, merging them with the words they overlap or touch', () => {
    const text = '普天間飛行場の移設';
    expect(show('ふてんま', text, undefined, { spans: [{ start: 0, end: 3 }] })).toBe('[普天間]飛行場の移設');
    expect(show('飛行場', text, undefined, { spans: [{ start: 0, end: 3 }] })).toBe('[普天間飛行場]の移設');
    expect(show('天間飛', text, undefined, { spans: [{ start: 0, end: 3 }] })).toBe('[普天間飛]行場の移設');
  });
});

describe('written forms of a reading query (text/reading/written-forms.ts)', () => {
  const written = createWrittenForms(loadAnalyser);
  const text = '普天間飛行場の辺野古への移設で、日米同盟と戦略的互恵関係を確認し、方針は不変である。東京へ行く。';
  const find = (words: string[], romaji = false) =>
    written(text, { words, romaji }).map((f) => text.slice(f.start, f.end));

  it('finds the words whose reading is the kana or romaji typed, whole or as the prefix of the last word', () => {
    expect(find(['フテンマ'])).toEqual(['普天間']);
    expect(find(['フテン'])).toEqual(['普天間']);
    expect(find(['futenma'], true)).toEqual(['普天間']);
    expect(find(['ヘノコ', 'イセツ'])).toEqual(['辺野古', '移設']);
    expect(find(['tokyo'], true)).toEqual(['東京']);
  });

  it('finds a phrase typed without spaces across the words it reads as', () => {
    expect(find(['ニチベイドウメイ'])).toEqual(['日米同盟']);
    expect(find(['senryakutekigokei'], true)).toEqual(['戦略的互恵']);
  });

  it('does not take a prefix of an earlier word, a single sound, or particles', () => {
    expect(find(['フテン', 'ヘノコ'])).toEqual(['辺野古']);
    expect(find(['フ'])).toEqual([]);
    expect(find(['ノ'])).toEqual([]);
  });

  it("marks a word Meilisearch's typo tolerance let match (futen: 不変, fuhen), not a shorter word's", () => {
    expect(find(['futen'], true)).toEqual(['普天間', '不変']);
    expect(find(['fute'], true)).toEqual(['普天間']);
  });
});
