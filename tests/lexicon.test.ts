import { describe, expect, it } from 'vitest';
import { lookupWord } from '../search/lexical/lexicon.ts';
import { queryTerms } from '../search/lexical/query-terms.ts';
import { loadSudachiLexicon } from '../search/lexical/sudachi-lexicon.ts';

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
