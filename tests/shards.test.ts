import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeShard } from '../store/shards/placement.ts';
import { indexAllViaApi, SAMPLE_PATH, SHARED, startTestService, type TestService } from './helpers/service.ts';
import { startShardNodes } from './helpers/shard-nodes.ts';

type Hit = { chunkId: string; documentId: string };
type SearchBody = { hits: Hit[]; degraded: string[]; warnings: Record<string, string> };

const jsonl = <T>(file: string): T[] => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
const JSQUAD = path.join(SHARED, 'eval', 'jsquad-valid');
const paragraphs = jsonl<{ id: string; title: string; text: string }>(path.join(JSQUAD, 'corpus.jsonl')).slice(0, 150);
const inSlice = new Set(paragraphs.map((p) => p.id));
const questions = jsonl<{ query: string; relevant: string[] }>(path.join(JSQUAD, 'queries.jsonl')).filter((q) => q.relevant.every((id) => inSlice.has(id))).filter((_, i) => i % 2 === 0);
const seed = jsonl<{ query: string }>(path.join(SHARED, 'eval', 'seed-queries.jsonl'));
const corpus = [{ id: 'sample', text: readFileSync(SAMPLE_PATH, 'utf8') }, ...paragraphs.map((p) => ({ id: p.id, title: p.title, text: p.text }))];

async function search(svc: TestService, q: string, extra = ''): Promise<SearchBody> {
  const res = await svc.app.request(`/search?q=${encodeURIComponent(q)}&limit=10${extra}`);
  if (res.status !== 200) throw new Error(`search ${q}: ${res.status} ${await res.text()}`);
  return (await res.json()) as SearchBody;
}

/** nDCG@10 of one relevant document: 1 / log2(1 + its rank among the documents). */
async function ndcg(svc: TestService): Promise<number> {
  let sum = 0;
  for (const q of questions) {
    const ids = (await search(svc, q.query, '&groupBy=document')).hits.map((h) => h.documentId);
    const rank = ids.findIndex((id) => q.relevant.includes(id));
    sum += rank >= 0 ? 1 / Math.log2(rank + 2) : 0;
  }
  return sum / questions.length;
}

const nodes = await startShardNodes(['a', 'b', 'c']);
afterAll(() => nodes.stopAll());

describe('three Meilisearch shards behind one API, federated', () => {
  let one: TestService;
  let three: TestService;
  beforeAll(async () => {
    one = await startTestService();
    three = await startTestService({ MEILI_URL: '', MEILI_SHARDS: nodes.env() });
    await indexAllViaApi(one.app, { documents: corpus });
    await indexAllViaApi(three.app, { documents: corpus });
  });
  afterAll(async () => {
    await one?.close();
    await three?.close();
  });

  it('places each document on one shard, all its chunks with it, and spreads the corpus over the three', async () => {
    const index = three.config.INDEX_NAME;
    const held = await Promise.all(nodes.nodes.map(async (n) => (await n.client().index(index).getDocuments({ fields: ['documentId'], limit: 10_000 })).results.map((c) => c.documentId as string)));
    for (const [i, ids] of held.entries()) {
      expect(ids.length).toBeGreaterThan(corpus.length / 6);
      for (const id of ids) expect(homeShard(id, ['a', 'b', 'c'])).toBe(nodes.nodes[i].name);
    }
    expect(new Set(held.flat()).size).toBe(corpus.length);
  });

  it('gives the seed queries the same top 10, in the same order, as one node', async () => {
    for (const { query } of seed) {
      const [a, b] = [await search(one, query), await search(three, query)];
      expect(b.degraded).toEqual([]);
      expect(b.hits.map((h) => h.chunkId), query).toEqual(a.hits.map((h) => h.chunkId));
    }
  });

  it('gives JSQuAD questions the same nDCG@10 within 0.002', async () => {
    const [a, b] = [await ndcg(one), await ndcg(three)];
    console.log(`JSQuAD slice (${paragraphs.length} paragraphs, ${questions.length} questions): nDCG@10 one node ${a.toFixed(4)}, three shards ${b.toFixed(4)}`);
    expect(Math.abs(a - b)).toBeLessThanOrEqual(0.002);
  });
});
