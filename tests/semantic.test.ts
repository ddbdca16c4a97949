import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CachedEmbedder } from '../embeddings/index.ts';
import { indexViaApi, SAMPLE_PATH, startTestService, type TestService } from './helpers/service.ts';

let svc: TestService;
const queryCalls = () => (svc.core.embedder as CachedEmbedder).stats.queryCalls;
const semantic = async (q: string) => {
  const res = await svc.app.request(`/search?mode=semantic&limit=3&q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { hits: { text: string; explain: { keyword: unknown; semantic: { similarity: number } } }[] }).hits;
};

beforeAll(async () => {
  svc = await startTestService();
  await indexViaApi(svc.app, { id: 'sample', text: readFileSync(SAMPLE_PATH, 'utf8') });
});
afterAll(() => svc?.close());

describe('semantic-only search on the real model', () => {
  it.each([
    ['沖縄の米軍基地移転', '普天間問題に関し'],
    ['環太平洋パートナーシップ協定の交渉', 'TPPは日米同盟'],
    ['Okinawa governor landfill approval', '普天間問題に関し'],
  ])('%s has the paragraph with %s in its top 3', async (q, expected) => {
    const hits = await semantic(q);
    expect(hits.some((h) => h.text.includes(expected))).toBe(true);
    for (const h of hits) {
      expect(h.explain.keyword).toBeNull();
      expect(h.explain.semantic.similarity).toBeGreaterThan(0.5);
    }
  });

  it('answers a repeated query from the cache without calling the model', async () => {
    await semantic('日韓関係の改善');
    const calls = queryCalls();
    const again = await semantic('日韓関係の改善');
    expect(queryCalls()).toBe(calls);
    expect(again.length).toBe(3);
    await semantic('まったく別の質問');
    expect(queryCalls()).toBe(calls + 1);
  });

  it('re-indexing the unchanged sample calls the model zero times', async () => {
    const before = (svc.core.indexEmbedder as CachedEmbedder).stats.passageCalls;
    const task = (await indexViaApi(svc.app, { id: "sample", text: readFileSync(SAMPLE_PATH, "utf8") })) as unknown as { counts: { unchanged: number } };
    expect(task.counts.unchanged).toBe(1);
    expect((svc.core.indexEmbedder as CachedEmbedder).stats.passageCalls).toBe(before);
  });
});
