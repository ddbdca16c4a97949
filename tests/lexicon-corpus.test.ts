/** Which Latin words the lexicon translates: never identifiers, and the index's own words only when rare there. */
import { describe, expect, it } from 'vitest';
import { asksIndex, FAR_MORE, identifierWords, isIdentifierToken, translatesIn } from '../text/lexicon/corpus-rule.ts';
import { createLexicon } from '../text/lexicon/lexicon.ts';
import { queryTerms } from '../text/query-terms.ts';

const lexicon = createLexicon('test', [
  ['show', ['ショー', 'ショウ']],
  ['web', ['ウェブ']],
  ['hague', ['ハーグ']],
  ['proxy', ['プロキシ']],
  ['japan', ['日本']],
]);
const translated = (q: string, translate?: (from: string) => boolean) =>
  queryTerms(q, lexicon, undefined, translate).translated.map((t) => t.from);

describe('identifiers are never translated', () => {
  it('knows an identifier by its joins, camelCase or digits', () => {
    for (const id of [
      'v-show',
      'server.proxy',
      'import.meta.env',
      'VITE_API_URL',
      'defineProps',
      'GitHub',
      'es2015',
      'G7',
    ])
      expect(isIdentifierToken(id), id).toBe(true);
    // Capitalised names joined by a hyphen are prose (Japan-South Korea relations).
    for (const word of ['show', 'Hague', 'Japan-South', 'Web', 'API'])
      expect(isIdentifierToken(word), word).toBe(false);
  });

  it('gives the words of each identifier, as the terms cut them', () => {
    expect([...identifierWords('v-show ディレクティブ')]).toEqual(['v', 'show']);
    expect([...identifierWords('server.proxy と Web')]).toEqual(['server', 'proxy']);
    expect([...identifierWords('Hague Convention')]).toEqual([]);
  });

  it('leaves the words of an identifier as written and still translates the other words', () => {
    expect(translated('v-show ディレクティブ')).toEqual([]);
    expect(translated('server.proxy の設定')).toEqual([]);
    expect(translated('show')).toEqual(['show']);
    expect(translated('v-show と web')).toEqual(['web']);
    expect(translated('Japan-South Korea relations')).toEqual(['japan']);
  });

  it('asks the index before translating a word (translate), and keeps its own terms either way', () => {
    expect(translated('proxy Hague', (from) => from !== 'proxy')).toEqual(['hague']);
    const terms = queryTerms('proxy', lexicon, undefined, () => false);
    expect(terms.groups).toHaveLength(1);
    expect(terms.groups[0]).toHaveLength(1);
  });
});

describe('the index decides (translatesIn)', () => {
  it('is asked for a query written in Japanese too, not for an English one', () => {
    expect(asksIndex('v-show ディレクティブ')).toBe(true);
    expect(asksIndex('Web Components を使う')).toBe(true);
    expect(asksIndex('proxy API requests to a backend server')).toBe(false);
  });

  it('translates a word the index lacks, never one found in code', () => {
    expect(translatesIn({ asWritten: 0, inCode: 0, forms: [3] })).toBe(true);
    expect(translatesIn({ asWritten: 0, inCode: 0, forms: [0] })).toBe(true);
    expect(translatesIn({ asWritten: 40, inCode: 1, forms: [4000] })).toBe(false);
  });

  it('translates a word the index holds only when a form is an order of magnitude more frequent', () => {
    expect(FAR_MORE).toBe(10);
    expect(translatesIn({ asWritten: 3, inCode: 0, forms: [29, 5] })).toBe(false);
    expect(translatesIn({ asWritten: 3, inCode: 0, forms: [5, 30] })).toBe(true);
    expect(translatesIn({ asWritten: 1, inCode: 0, forms: [] })).toBe(false);
  });
});
