import { describe, expect, it } from 'vitest';
import { fusionFunctions } from '../search/fusion/index.ts';
import { chunkTerms } from '../search/lexical/chunk-terms.ts';
import { createLexicon } from '../text/lexicon/lexicon.ts';
import { queryTerms } from '../text/query-terms.ts';
import { bigrams, createBigramRerank, createCoverageRerank, type RerankItem } from '../search/rerank/index.ts';
import { orderHits } from '../search/order.ts';
import type { LegHit, LegResults } from '../store/search-legs.ts';
import type { StoredChunk } from '../domain/documents.ts';

const item = (id: string, score: number, text: string): RerankItem => ({
  id,
  score,
  text,
  terms: chunkTerms({ head: '', text }),
});
const query = (text: string) => ({ text, terms: queryTerms(text) });

describe('terms', () => {
  it('reads NFKC text in character pairs, Latin words whole, and skips pairs of hiragana (particles, endings)', () => {
    expect(bigrams('ＴＰＰ交渉について、Ｑ＆Ａ')).toEqual(['tpp', '交渉', '渉に', 'q', 'a']);
    expect(bigrams('1964年の東京')).toEqual(['19', '96', '64', '4年', '年の', 'の東', '東京']);
  });
});

describe('bigram BM25 rerank', () => {
  const reranker = createBigramRerank({ depth: 3, weight: 0.2 });

  it('matches English by words, not by the letters words share', () => {
    const out = reranker.rerank(query('search engine'), [
      item('letters', 0.5, 'researching engineers'),
      item('words', 0.49, 'a search engine for Japanese'),
    ]);
    expect(out.map((r) => r.id)).toEqual(['words', 'letters']);
    expect(out[1].lexical).toBe(0);
  });

  it('gives its full bonus to the best candidate however weakly it matches: the flaw coverage fixes', () => {
    const out = reranker.rerank(query('日本で一番高い山は何'), [
      item('a', 0.5, '高い建物が並ぶ。'),
      item('b', 0.49, '海の話。'),
    ]);
    expect(out[0]).toMatchObject({ id: 'a', lexical: 1 });
  });
});

describe('coverage rerank', () => {
  const reranker = createCoverageRerank({ depth: 3, weight: 0.2 });

  it("lifts the candidate that holds the query's rare compound over one that shares only common words", () => {
    const out = reranker.rerank(query('普天間飛行場の移設はどうなったか'), [
      item('common', 0.5, '会談では日米関係について協議した。'),
      item('answer', 0.48, '普天間飛行場の移設を早期に進める。'),
      item('other', 0.47, '北朝鮮の核問題について協議した。'),
    ]);
    expect(out.map((r) => r.id)).toEqual(['answer', 'common', 'other']);
    expect(out[0].score).toBeCloseTo(0.48 + 0.2 * out[0].lexical, 10);
  });

  it('is absolute: a candidate that holds a small part of the query gets a small bonus, not the full one', () => {
    const out = reranker.rerank(query('日本で一番高い山は何'), [
      item('a', 0.5, '高い建物が並ぶ。'),
      item('b', 0.49, '海の話。'),
    ]);
    expect(out[0].id).toBe('a');
    expect(out[0].lexical).toBeGreaterThan(0);
    expect(out[0].lexical).toBeLessThan(0.5);
  });

  it('counts query terms found in one sentence above the same terms scattered over a paragraph', () => {
    const out = reranker.rerank(query('富士山の標高'), [
      item('scattered', 0.5, '富士山は静岡県にある。山の高さを測る方法は多い。標高という言葉もある。'),
      item('together', 0.5, '富士山の標高は3776メートルである。'),
    ]);
    expect(out[0].id).toBe('together');
    expect(out[0].lexical).toBe(1);
    expect(out[1].lexical).toBeLessThan(1);
  });

  it('leaves the order alone when the query has nothing to match (all hiragana)', () => {
    const items = [item('a', 0.9, '東京で会談した'), item('b', 0.8, 'どうなったか')];
    expect(reranker.rerank(query('どうなったか'), items).map((r) => [r.id, r.score])).toEqual([
      ['a', 0.9],
      ['b', 0.8],
    ]);
  });

  it('matches a Latin query word through its Japanese form from the lexicon', () => {
    const lexicon = createLexicon('test', [['Hague', ['ハーグ']]]);
    const out = reranker.rerank({ text: 'Hague Convention', terms: queryTerms('Hague Convention', lexicon) }, [
      item('other', 0.5, '日米地位協定の交渉。'),
      item('hague', 0.45, 'ハーグ条約の締結は重要な進展。'),
    ]);
    expect(out[0].id).toBe('hague');
    expect(out.find((r) => r.id === 'other')!.lexical).toBe(0);
  });
});

describe('hybrid ordering', () => {
  const hit = (id: string, score: number) => ({ chunk: { id, documentId: id } as StoredChunk, score });
  // Four chunks found by both legs in the same order; the fourth holds the query's words but sits below depth 3.
  const legs: LegResults = {
    keyword: { hits: [hit('a', 0.9), hit('b', 0.85), hit('c', 0.8), hit('d', 0.75)], estimatedTotalHits: 4, ms: 0 },
    semantic: { hits: [hit('a', 0.95), hit('b', 0.94), hit('c', 0.93), hit('d', 0.92)], ms: 0 },
    ms: 0,
  };
  const texts: Record<string, string> = {
    a: '外相会談',
    b: '記者会見',
    c: '普天間飛行場の移設を協議',
    d: '普天間飛行場の移設',
  };
  const lexical = (reranker: ReturnType<typeof createCoverageRerank> | null) => ({
    query: query('普天間飛行場の移設'),
    partsOf: (h: LegHit) => ({ head: '', text: texts[h.chunk.id] }),
    reranker,
  });

  it('reorders only the top depth, so later pages stay where they were', () => {
    const before = orderHits(legs, {
      mode: 'hybrid',
      fusion: fusionFunctions.convex,
      weight: 0.7,
      lexical: lexical(null),
    });
    const after = orderHits(legs, {
      mode: 'hybrid',
      fusion: fusionFunctions.convex,
      weight: 0.7,
      lexical: lexical(createCoverageRerank({ depth: 3, weight: 0.2 })),
    });
    expect(before.map((r) => r.hit.chunk.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(after.map((r) => r.hit.chunk.id)).toEqual(['c', 'a', 'b', 'd']);
    expect(after[3]).toEqual(before[3]);
    expect(after.slice(0, 3).every((r) => r.lexical !== undefined)).toBe(true);
  });

  it('adaptive fusion discounts a keyword hit by the share of the query it holds', () => {
    const ranked = orderHits(legs, {
      mode: 'hybrid',
      fusion: fusionFunctions.adaptive,
      weight: 0.7,
      lexical: lexical(null),
    });
    const coverage = Object.fromEntries(ranked.map((r) => [r.hit.chunk.id, r.coverage]));
    expect(coverage.d).toBe(1);
    expect(coverage.c).toBe(1);
    expect(coverage.a).toBe(0);
    expect(coverage.b).toBe(0);
    // d holds the whole query: with its keyword score counted in full it passes a and b, which hold none of it.
    expect(ranked.map((r) => r.hit.chunk.id).indexOf('d')).toBeLessThan(ranked.map((r) => r.hit.chunk.id).indexOf('a'));
  });

  it("does not touch a single leg: keyword mode keeps Meilisearch's order", () => {
    const kw = orderHits(
      { ...legs, semantic: null },
      {
        mode: 'keyword',
        fusion: fusionFunctions.adaptive,
        weight: 0,
        lexical: lexical(createCoverageRerank({ depth: 3, weight: 0.2 })),
      },
    );
    expect(kw.map((r) => r.hit.chunk.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(kw.every((r) => r.lexical === undefined)).toBe(true);
  });
});
