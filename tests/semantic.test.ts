import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CachedEmbedder } from '../embeddings/index.ts';
import { runLegs } from '../search/run-legs.ts';
import { indexViaApi, SAMPLE_PATH, startTestService, type TestService } from './helpers/service.ts';

let svc: TestService;
const queryCalls = () => (svc.core.embedder as CachedEmbedder).stats.queryCalls;
const semantic = async (q: string) => {
  const res = await svc.app.request(`/search?mode=semantic&limit=3&q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return (
    (await res.json()) as { hits: { text: string; explain: { keyword: unknown; semantic: { similarity: number } } }[] }
  ).hits;
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
    const task = (await indexViaApi(svc.app, { id: 'sample', text: readFileSync(SAMPLE_PATH, 'utf8') })) as unknown as {
      counts: { unchanged: number };
    };
    expect(task.counts.unchanged).toBe(1);
    expect((svc.core.indexEmbedder as CachedEmbedder).stats.passageCalls).toBe(before);
  });
});

describe('hybrid legs', () => {
  const request = { q: '普天間飛行場の移設', window: 20, locale: 'jpn', runKeyword: true, runSemantic: true };

  it('sends the keyword leg before the query is embedded, and returns what one request for both legs returns', async () => {
    const { store } = svc.core;
    let keywordAnswered!: () => void;
    const answered = new Promise<void>((r) => (keywordAnswered = r));
    const legs = {
      ...store.legs,
      run: async (r: Parameters<typeof store.legs.run>[0]) => {
        const res = await store.legs.run(r);
        if (!r.runSemantic) keywordAnswered();
        return res;
      },
    };
    // The model "runs" until Meilisearch has answered the keyword leg: sequential legs would never finish.
    let timer!: NodeJS.Timeout;
    const deadlock = new Promise<never>(
      (_, reject) => (timer = setTimeout(() => reject(new Error('keyword leg waited for the embedding')), 10_000)),
    );
    const embedQuery = async (q: string) => (await answered, svc.core.embedder!.embedQuery(q));
    const overlapped = await Promise.race([runLegs({ legs, embedQuery, request }), deadlock]).finally(() =>
      clearTimeout(timer),
    );

    const together = await store.legs.run({ ...request, vector: await svc.core.embedder!.embedQuery(request.q) });
    const ids = (hits: { chunk: { id: string } }[] | undefined) => hits?.map((h) => h.chunk.id);
    expect(ids(overlapped.legs.keyword?.hits)).toEqual(ids(together.keyword?.hits));
    expect(ids(overlapped.legs.semantic?.hits)).toEqual(ids(together.semantic?.hits));
    expect(overlapped.legs.keyword!.hits.length).toBeGreaterThan(0);
  });

  it('reports the embedding error when the model fails, not the keyword leg', async () => {
    const embedQuery = async () => Promise.reject(new Error('model exploded'));
    await expect(runLegs({ legs: svc.core.store.legs, embedQuery, request })).rejects.toThrow('model exploded');
  });
});
