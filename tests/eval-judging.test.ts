/**
 * Page-level judging (`npm run eval -- --set vite-docs`): chunks ranked by a leg become pages ranked by their best
 * chunk, scored with graded gains, and summed up per query kind.
 */
import { describe, expect, it } from 'vitest';
import type { StoredChunk } from '../domain/documents.ts';
import type { EvalSet } from '../tools/eval/datasets.ts';
import { judge, rankIds, score } from '../tools/eval/judge.ts';
import { fusionFunctions } from '../search/fusion/index.ts';
import { metricsByKind } from '../tools/eval/metrics.ts';
import type { LegResults } from '../store/search-legs.ts';

const hit = (id: string, documentId: string, s: number) => ({
  chunk: { id, documentId } as StoredChunk,
  score: s,
});

const set: EvalSet = {
  name: 'pages',
  level: 'document',
  documents: [],
  queries: [
    {
      id: 'q1',
      kind: 'keyword',
      query: 'proxy',
      judgments: [
        { documentId: 'config/server-options.md', grade: 2 },
        { documentId: 'config/preview-options.md', grade: 1 },
      ],
    },
    { id: 'q2', kind: 'kana', query: 'でぷろい', judgments: [{ documentId: 'guide/static-deploy.md', grade: 2 }] },
  ],
  sources: { queries: '', corpus: '' },
};

describe('page-level judging', () => {
  it('ranks pages by their best chunk and scores them with graded gains', () => {
    const legs: LegResults = {
      keyword: {
        hits: [
          hit('p#1', 'config/preview-options.md', 0.9),
          hit('p#2', 'config/preview-options.md', 0.8),
          hit('u#1', 'guide/unrelated.md', 0.7),
          hit('s#4', 'config/server-options.md', 0.6),
        ],
        estimatedTotalHits: 4,
        ms: 0,
      },
      semantic: null,
      ms: 0,
    };
    const pages = rankIds(legs, 'document', 'keyword', fusionFunctions.convex, 0);
    // Each page once, where its best chunk stood.
    expect(pages).toEqual(['config/preview-options.md', 'guide/unrelated.md', 'config/server-options.md']);
    const { judged } = judge(set, []);
    const { perQuery } = score(judged.slice(0, 1), [pages]);
    // Grade 1 at rank 1 and grade 2 at rank 3, against the ideal 2 then 1.
    const dcg = 1 + 2 / Math.log2(4);
    const ideal = 2 + 1 / Math.log2(3);
    expect(perQuery[0].ndcg10).toBeCloseTo(dcg / ideal, 12);
    expect(perQuery[0].mrr10).toBe(1);
  });

  it('averages metrics per query kind, in the order kinds first appear', () => {
    const { judged } = judge(set, []);
    const { perQuery } = score(judged, [['config/server-options.md'], ['guide/build.md', 'guide/static-deploy.md']]);
    const kinds = metricsByKind(
      set.queries.map((q) => q.kind),
      perQuery,
    );
    expect(kinds.map((k) => [k.kind, k.n])).toEqual([
      ['keyword', 1],
      ['kana', 1],
    ]);
    expect(kinds[0].metrics.mrr10).toBe(1);
    expect(kinds[1].metrics.ndcg10).toBeCloseTo(1 / Math.log2(3), 12);
  });
});
