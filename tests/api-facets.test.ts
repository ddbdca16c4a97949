import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexViaApi, SAMPLE_PATH, startTestService, type TestService } from './helpers/service.ts';

let svc: TestService;

interface Response {
  mode: string;
  hits: { documentId: string; tags?: string[] }[];
  estimatedTotalHits: number;
  facetDistribution?: Record<string, Record<string, number>>;
  facetsEstimated?: boolean;
  processingTimeMs: { embedding: number };
  degraded: string[];
}
const search = async (params: Record<string, string>) => {
  const res = await svc.app.request(`/search?${new URLSearchParams(params)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Response;
};

const gardens = ['兼六園は金沢にある庭園である。', '後楽園は岡山にある庭園である。', '偕楽園は水戸にある庭園である。'];
const castles = ['姫路城は兵庫にある城である。', '松本城は長野にある城である。'];

beforeAll(async () => {
  svc = await startTestService();
  const documents = [
    { id: 'sample', text: readFileSync(SAMPLE_PATH, 'utf8'), tags: ['diplomacy'], source: 'mofa' },
    ...gardens.map((text, i) => ({ id: `garden-${i}`, text, tags: ['garden', 'sight'], source: 'guide' })),
    ...castles.map((text, i) => ({ id: `castle-${i}`, text, tags: ['castle', 'sight'], source: 'guide' })),
  ];
  expect((await indexViaApi(svc.app, { documents })).status).toBe('succeeded');
});
afterAll(() => svc?.close());

describe('facets on /search', () => {
  it('counts the values of each facet over the keyword matches, exactly, in keyword mode', async () => {
    const body = await search({ q: '庭園', mode: 'keyword', facets: 'tags,source' });
    expect(body.facetDistribution).toEqual({ tags: { garden: 3, sight: 3 }, source: { guide: 3 } });
    expect(body.facetsEstimated).toBe(false);
  });

  it('narrows with a filter on a facet value, and its count is the number of hits', async () => {
    // An empty query counts over every chunk; ある alone would be a stop word.
    const all = await search({ q: '', facets: 'tags' });
    const castle = all.facetDistribution!.tags.castle;
    expect(castle).toBe(castles.length);
    const narrowed = await search({ q: '', filter: 'tags = "castle"', limit: '20' });
    expect(narrowed.hits.length).toBe(castle);
    expect(narrowed.hits.every((h) => h.tags?.includes('castle'))).toBe(true);
  });

  it('in hybrid mode adds the semantic hits the keyword query did not match, and says the counts are estimated', async () => {
    const keyword = await search({ q: '庭園', mode: 'keyword', facets: 'tags' });
    // The relevance floor off: with it, the semantic hits holding no query term are dropped and not counted
    // (tests/relevance-floor.test.ts).
    const hybrid = await search({ q: '庭園', facets: 'tags', floor: '0' });
    expect(hybrid.facetsEstimated).toBe(true);
    const total = (d: Record<string, number>) => Object.values(d).reduce((a, b) => a + b, 0);
    expect(total(hybrid.facetDistribution!.tags)).toBeGreaterThan(total(keyword.facetDistribution!.tags));
    expect(hybrid.facetDistribution!.tags.garden).toBeGreaterThanOrEqual(3);
  });

  it('browses every chunk for an empty query, and counts only with limit 0, neither embedding the query', async () => {
    const browse = await search({ q: '', facets: 'source' });
    expect(browse.mode).toBe('keyword');
    expect(browse.processingTimeMs.embedding).toBe(0);
    expect(browse.degraded).toEqual([]);
    expect(browse.hits.length).toBe(10);
    expect(browse.facetDistribution!.source.guide).toBe(5);
    expect(browse.estimatedTotalHits).toBeGreaterThan(5);
    const counts = await search({ q: '庭園', limit: '0', facets: 'tags' });
    expect(counts.hits).toEqual([]);
    expect(counts.processingTimeMs.embedding).toBe(0);
    expect(counts.estimatedTotalHits).toBe(3);
    expect(counts.facetDistribution!.tags).toEqual({ garden: 3, sight: 3 });
  });
});
