import { describe, expect, it } from 'vitest';
import { fusionFunctions } from '../search/fusion/index.ts';
import { bigrams, createBigramRerank } from '../search/rerank/index.ts';
import { orderHits } from '../search/order.ts';
import type { LegHit, LegResults } from '../store/search-legs.ts';
import type { StoredChunk } from '../domain/documents.ts';

const reranker = createBigramRerank({ depth: 3, weight: 0.2 });

describe('bigram BM25 rerank', () => {
  it('reads NFKC text in character pairs, Latin words whole, and skips pairs of hiragana (particles, endings)', () => {
    expect(bigrams('ＴＰＰ交渉について、Ｑ＆Ａ')).toEqual(['tpp', '交渉', '渉に', 'q', 'a']);
    expect(bigrams('1964年の東京')).toEqual(['19', '96', '64', '4年', '年の', 'の東', '東京']);
  });

  it('matches English by words, not by the letters words share', () => {
    const out = reranker.rerank('search engine', [
      { id: 'letters', score: 0.5, text: 'researching engineers' },
      { id: 'words', score: 0.49, text: 'a search engine for Japanese' },
    ]);
    expect(out.map((r) => r.id)).toEqual(['words', 'letters']);
    expect(out[1].lexical).toBe(0);
  });

  it('lifts the candidate that shares the query\'s rare compound over one that shares only common words', () => {
    const q = '普天間飛行場の移設はどうなったか';
    const out = reranker.rerank(q, [
      { id: 'common', score: 0.5, text: '会談では日米関係について協議した。' },
      { id: 'answer', score: 0.48, text: '普天間飛行場の移設を早期に進める。' },
      { id: 'other', score: 0.47, text: '北朝鮮の核問題について協議した。' },
    ]);
    expect(out.map((r) => r.id)).toEqual(['answer', 'common', 'other']);
    expect(out[0].lexical).toBe(1);
    expect(out[0].score).toBeCloseTo(0.48 + 0.2, 10);
  });

  it('leaves the order alone when the query has nothing to match (all hiragana)', () => {
    const items = [
      { id: 'a', score: 0.9, text: '東京で会談した' },
      { id: 'b', score: 0.8, text: 'どうなったか' },
    ];
    expect(reranker.rerank('どうなったか', items).map((r) => [r.id, r.score])).toEqual([['a', 0.9], ['b', 0.8]]);
  });
});

describe('hybrid ordering with the reranker', () => {
  const hit = (id: string, score: number) => ({ chunk: { id, documentId: id } as StoredChunk, score });
  // Four chunks found by both legs in the same order; the fourth holds the query's words but sits below depth 3.
  const legs: LegResults = {
    keyword: { hits: [hit('a', 0.9), hit('b', 0.85), hit('c', 0.8), hit('d', 0.75)], estimatedTotalHits: 4, ms: 0 },
    semantic: { hits: [hit('a', 0.95), hit('b', 0.94), hit('c', 0.93), hit('d', 0.92)], ms: 0 },
    ms: 0,
  };
  const texts: Record<string, string> = { a: '外相会談', b: '記者会見', c: '沖縄の普天間飛行場', d: '普天間飛行場の移設' };
  const order = (rerank: boolean) =>
    orderHits(legs, {
      mode: 'hybrid',
      fusion: fusionFunctions.convex,
      weight: 0.7,
      rerank: rerank ? { reranker, query: '普天間飛行場の移設', textOf: (h) => texts[h.chunk.id] } : undefined,
    });

  it('reorders only the top depth, so later pages stay where they were', () => {
    const before = order(false);
    const after = order(true);
    expect(before.map((r) => r.hit.chunk.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(after.map((r) => r.hit.chunk.id)).toEqual(['c', 'a', 'b', 'd']);
    expect(after[3]).toEqual(before[3]);
    expect(after.slice(0, 3).every((r) => r.lexical !== undefined)).toBe(true);
  });

  it('does not touch a single leg: keyword mode keeps Meilisearch\'s order', () => {
    const rerank = { reranker, query: '普天間飛行場の移設', textOf: (h: LegHit) => texts[h.chunk.id] };
    const kw = orderHits({ ...legs, semantic: null }, { mode: 'keyword', fusion: fusionFunctions.convex, weight: 0, rerank });
    expect(kw.map((r) => r.hit.chunk.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(kw.every((r) => r.lexical === undefined)).toBe(true);
  });
});
