import { describe, expect, it } from 'vitest';
import { fusionFunctions } from '../search/fusion/index.ts';
import { orderWithFloor } from '../search/order.ts';
import { flooredTotal, relevanceFloor } from '../search/relevance-floor.ts';
import { queryTerms } from '../text/query-terms.ts';
import type { LegHit, LegResults } from '../store/search-legs.ts';

interface Item {
  id: string;
  score: number;
  /** How many of the query's 2 terms the hit holds. */
  held: number;
  keyword: boolean;
}
const rule = { terms: 2, held: (i: Item) => i.held, fromKeyword: (i: Item) => i.keyword };
const item = (id: string, score: number, held = 0, keyword = false): Item => ({ id, score, held, keyword });
const ids = (xs: Item[]) => xs.map((x) => x.id);

describe('the relevance floor', () => {
  const ranked = [
    item('a', 0.9, 2, true),
    item('b', 0.6),
    item('c', 0.44),
    item('d', 0.3, 1),
    item('e', 0.2, 2, true),
    item('f', 0.1),
  ];

  it('with a keyword hit holding every term, drops the hits holding no term under ratio × the top score', () => {
    const { kept, dropped, outcome } = relevanceFloor(ranked, 0.5, rule);
    expect(ids(kept)).toEqual(['a', 'b', 'd', 'e']);
    expect(ids(dropped)).toEqual(['c', 'f']);
    expect(outcome).toEqual({ ratio: 0.5, evidence: true, minScore: 0.45, dropped: 2 });
  });

  it('keeps every hit when no keyword hit holds every term (a paraphrase), even if a semantic hit holds them', () => {
    const noEvidence = ranked.map((r) => (r.keyword ? { ...r, held: 1 } : r));
    noEvidence[1] = { ...noEvidence[1], held: 2 };
    const { kept, outcome } = relevanceFloor(noEvidence, 0.5, rule);
    expect(ids(kept)).toEqual(ids(ranked));
    expect(outcome).toEqual({ ratio: 0.5, evidence: false, minScore: null, dropped: 0 });
  });

  it('is off at 0, and for a query without terms', () => {
    expect(ids(relevanceFloor(ranked, 0, rule).kept)).toEqual(ids(ranked));
    expect(relevanceFloor(ranked, 0.5, { ...rule, terms: 0 }).outcome.evidence).toBe(false);
    expect(relevanceFloor([], 0.5, rule).outcome.dropped).toBe(0);
  });

  it('at 1 keeps the top hit and every hit holding a term', () => {
    expect(ids(relevanceFloor(ranked, 1, rule).kept)).toEqual(['a', 'd', 'e']);
  });
});

describe('what a floored search counts', () => {
  const hit = (id: string): LegHit => ({ chunk: { id } as LegHit['chunk'], score: 0.5 });
  const legs = (total: number): LegResults => ({
    keyword: { hits: [hit('k1'), hit('k2')], estimatedTotalHits: total, ms: 0 },
    semantic: { hits: [hit('s1')], ms: 0 },
    ms: 0,
  });

  it('counts the kept hits, and the keyword matches beyond the window only while its weakest keyword hit was kept', () => {
    expect(flooredTotal(legs(2), 3, new Set())).toBe(3);
    expect(flooredTotal(legs(40), 3, new Set())).toBe(41);
    expect(flooredTotal(legs(40), 2, new Set(['k2']))).toBe(2);
  });
});

describe('the floor in the ordering of documents', () => {
  const chunk = (id: string, documentId: string, text: string) => ({ chunk: { id, documentId, text }, score: 0 });
  const texts = new Map<string, string>();
  const hit = (id: string, documentId: string, text: string, score: number): LegHit => {
    texts.set(id, text);
    return { ...chunk(id, documentId, text), score } as unknown as LegHit;
  };
  const cos = (c: number) => (1 + c) / 2;
  const legs: LegResults = {
    keyword: {
      hits: [hit('a1', 'A', 'XSS を防ぐ', 1), hit('c1', 'C', 'XSS の被害', 0.5), hit('b2', 'B', 'XSS の例', 0.2)],
      estimatedTotalHits: 3,
      ms: 0,
    },
    semantic: {
      hits: [hit('a1', 'A', 'XSS を防ぐ', cos(0.95)), hit('b1', 'B', 'ページの再読み込み', cos(0.85))],
      ms: 0,
    },
    ms: 0,
  };
  const order = (floor: number) =>
    orderWithFloor(legs, {
      mode: 'hybrid',
      fusion: fusionFunctions.convex,
      weight: 0.7,
      groupBy: 'document',
      floor,
      lexical: {
        query: { text: 'XSS', terms: queryTerms('XSS') },
        partsOf: (h) => ({ head: '', text: texts.get(h.chunk.id)! }),
        reranker: null,
      },
    });

  it('keeps a document where its best chunk ranked when the floor drops that chunk but keeps another of it', () => {
    const off = order(0);
    const on = order(0.5);
    expect(off.ranked.map((r) => r.hit.chunk.documentId)).toEqual(['A', 'B', 'C']);
    expect(on.floor!.dropped.map((r) => r.hit.chunk.id)).toEqual(['b1']);
    expect(on.ranked.map((r) => r.hit.chunk.documentId)).toEqual(['A', 'B', 'C']);
  });
});
