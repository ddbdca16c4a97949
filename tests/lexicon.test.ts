import { describe, expect, it } from 'vitest';
import { lookupWord } from '../text/lexicon/lexicon.ts';
import { coverage, extraKeywordQueries, queryTerms } from '../text/query-terms.ts';
import { termSet } from '../text/terms.ts';
import { loadSudachiLexicon } from '../text/lexicon/sudachi-lexicon.ts';
import { loadSudachiVariants } from '../text/lexicon/sudachi-variants.ts';

describe("Sudachi's synonyms as a Latin → Japanese lexicon", async () => {
  const lexicon = await loadSudachiLexicon();

  it('gives Japanese forms for English words and abbreviations', () => {
    expect(lexicon.lookup('hague')).toContain('ハーグ');
    expect(lexicon.lookup('tpp')).toContain('環太平洋パートナーシップ協定');
    expect(lexicon.lookup('meeting')).toEqual(expect.arrayContaining(['会議', '会合']));
  });

  it('finds an English plural through its singular', () => {
    expect(lookupWord(lexicon, 'ministers')).toContain('大臣');
    expect(lookupWord(lexicon, 'policies')).toEqual(lookupWord(lexicon, 'policy'));
  });

  it('has nothing for words it does not know, and never maps Japanese', () => {
    expect(lexicon.lookup('where')).toEqual([]);
    expect(lexicon.lookup('会議')).toEqual([]);
  });

  it("says in the query's terms which words it translated", () => {
    const terms = queryTerms('Hague Convention', lexicon);
    expect(terms.translated.map((t) => t.from)).toContain('hague');
    expect(terms.groups).toHaveLength(2);
  });
});

describe('synonyms in the query terms', () => {
  const held = (q: string, text: string, synonyms: Record<string, string[]>) =>
    coverage(queryTerms(q, null, synonyms), termSet(text));

  it("lets a chunk hold a synonym's key through its target, and rewrites the query with it", () => {
    const synonyms = { ふてんま: ['普天間'] };
    expect(held('ふてんま飛行場', '普天間飛行場の移設', synonyms)).toBe(1);
    expect(held('ふてんま飛行場', '普天間飛行場の移設', {})).toBeLessThan(1);
    const terms = queryTerms('ふてんま飛行場', null, synonyms);
    expect(terms.synonyms).toEqual([{ from: 'ふてんま', to: ['普天間'] }]);
    expect(terms.rewritten).toEqual(['普天間飛行場']);
    expect(extraKeywordQueries(terms)).toEqual(['普天間飛行場']);
  });

  it('finds keys as the text is folded, and the longest key first', () => {
    const terms = queryTerms('ＴＰＰ交渉', null, { tpp: ['環太平洋パートナーシップ協定'], tpp交渉: ['経済連携交渉'] });
    expect(terms.synonyms.map((s) => s.from)).toEqual(['tpp交渉']);
  });
});

describe('default synonyms (Sudachi word forms)', () => {
  it('pairs the spellings and abbreviations of one word, never a one-character or Latin key', async () => {
    const variants = await loadSudachiVariants();
    expect(variants.体協).toContain('日本体育協会');
    expect(variants.発売禁止).toEqual(['発禁']);
    expect(variants.外相).toContain('外務大臣');
    const keys = Object.keys(variants);
    expect(keys.some((k) => k.length < 2)).toBe(false);
    // Latin words alone are the lexicon's; mixed forms (webサイト) are Japanese words.
    expect(keys.some((k) => /^[a-z0-9 .'&-]+$/.test(k))).toBe(false);
    expect(variants.webサイト).toBeDefined();
    // Folded like query terms: ヴ and long-vowel spellings meet as one key.
    expect(keys.some((k) => k.includes('ヴ'))).toBe(false);
  });

  it('finds each synonym key in a query by its substrings, the operator map before the default', () => {
    const user = { 外相: ['外交責任者'] };
    const terms = queryTerms('日米外相会談', null, [user, { 外相: ['外務大臣'], 会談: ['話し合い'] }]);
    expect(terms.synonyms).toEqual([
      { from: '外相', to: ['外交責任者'] },
      { from: '会談', to: ['話し合い'] },
    ]);
    expect(terms.rewritten).toEqual(['日米外交責任者会談', '日米外相話し合い']);
  });

  it('never takes a key from inside a katakana or Latin word', () => {
    const maps = [{ リア: ['リヤ'], tp: ['トイレットペーパー'] }];
    expect(queryTerms('オーストラリアの首都', null, maps).synonyms).toEqual([]);
    expect(queryTerms('TPP交渉', null, maps).synonyms).toEqual([]);
    expect(queryTerms('リアの窓', null, maps).synonyms).toEqual([{ from: 'リア', to: ['リヤ'] }]);
    expect(queryTerms('tp 交換', null, maps).synonyms).toEqual([{ from: 'tp', to: ['トイレットペーパー'] }]);
  });
});
