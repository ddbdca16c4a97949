import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResponse } from '../search/types.ts';
import { indexViaApi, SAMPLE_PATH, SHARED, startTestService, type TestService } from './helpers/service.ts';

type SearchBody = SearchResponse;

let svc: TestService;
const search = async (query: Record<string, string | number>) => {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const res = await svc.app.request(`/search?${qs}`);
  return { status: res.status, body: (await res.json()) as SearchBody & { error?: { code: string; message: string } } };
};

beforeAll(async () => {
  svc = await startTestService();
  const task = await indexViaApi(svc.app, {
    documents: [
      { id: 'sample', text: readFileSync(SAMPLE_PATH, 'utf8'), tags: ['diplomacy'] },
      {
        id: 'xss',
        title: 'XSS <b>title</b>',
        text: 'XSSテスト文書 <script>alert(1)</script> 危険な文字列 & "引用" を含む。',
        tags: ['test'],
      },
    ],
  });
  expect(task.status).toBe('succeeded');
});
afterAll(() => svc?.close());

describe('GET /search on the sample document', () => {
  it('finds 普天間 by keyword with the Japanese locale, highlighted in the snippet', async () => {
    const { status, body } = await search({ q: '普天間', mode: 'keyword' });
    expect(status).toBe(200);
    expect(body.hits[0].text).toContain('普天間問題に関し');
    expect(body.hits[0].snippet).toContain('<mark>普天間</mark>');
    expect(body.hits[0].headingPath).toEqual(['2 日米関係', '(2)安全保障']);
  });

  it('matches a query typed in full-width letters (IME input) like its half-width spelling, and echoes what was typed', async () => {
    const half = await search({ q: 'TPP', mode: 'keyword' });
    const full = await search({ q: 'ＴＰＰ', mode: 'keyword' });
    expect(half.body.hits.length).toBeGreaterThan(0);
    expect(full.body.hits.map((h) => h.chunkId)).toEqual(half.body.hits.map((h) => h.chunkId));
    expect(full.body.hits[0].snippet).toContain('<mark>TPP</mark>');
    expect((full.body as unknown as { query: string }).query).toBe('ＴＰＰ');
    // Both legs see the folded text: the same hybrid page, each hit found by keyword as well.
    const [hybridHalf, hybridFull] = await Promise.all([search({ q: 'TPPの交渉' }), search({ q: 'ＴＰＰの交渉' })]);
    expect(hybridFull.body.hits.map((h) => [h.chunkId, h.score])).toEqual(
      hybridHalf.body.hits.map((h) => [h.chunkId, h.score]),
    );
  });

  it('explains every hybrid hit with the ranks each leg gave it when run alone', async () => {
    const q = '北朝鮮への対応で日本はどんな方針を主張したか';
    const [hybrid, keyword, semantic] = await Promise.all([
      search({ q, limit: 20 }),
      search({ q, mode: 'keyword', limit: 50 }),
      search({ q, mode: 'semantic', limit: 50 }),
    ]);
    const kwRank = new Map(keyword.body.hits.map((h, i) => [h.chunkId, i + 1]));
    const semRank = new Map(semantic.body.hits.map((h, i) => [h.chunkId, i + 1]));
    expect(hybrid.body.hits.length).toBeGreaterThan(3);
    for (const hit of hybrid.body.hits) {
      expect(hit.explain.keyword?.rank ?? null).toBe(kwRank.get(hit.chunkId) ?? null);
      expect(hit.explain.semantic?.rank ?? null).toBe(semRank.get(hit.chunkId) ?? null);
      expect(hit.explain.keyword || hit.explain.semantic).toBeTruthy();
    }
    const scores = hybrid.body.hits.map((h) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("explains the weights each hybrid query got: coverage per keyword hit, each leg's weight, the rerank bonus", async () => {
    const { body } = await search({ q: '普天間飛行場の移設について', limit: 20 });
    expect(body.fusion).toMatchObject({
      name: 'adaptive',
      semanticWeight: 0.7,
      keywordWeight: 0.3,
      rerank: { name: 'coverage', depth: 30, weight: 0.2 },
      translated: [],
    });
    expect(body.fusion!.cosineFloor).toBeGreaterThan(0);
    expect(body.fusion!.cosineFloor).toBeLessThanOrEqual(0.8);
    for (const hit of body.hits) {
      const kw = hit.explain.keyword;
      if (kw) {
        expect(kw.coverage).toBeGreaterThanOrEqual(0);
        expect(kw.coverage).toBeLessThanOrEqual(1);
        expect(kw.weight).toBeCloseTo(0.3 * kw.coverage!, 3);
      }
      if (hit.explain.semantic) expect(hit.explain.semantic.weight).toBe(0.7);
      expect(hit.explain.lexical!.bonus).toBeCloseTo(0.2 * hit.explain.lexical!.share, 3);
    }
    expect(body.hits[0].text).toContain('普天間');
    // A keyword hit counts by how much of the query it holds: the chunk on the 普天間 question most.
    const withKw = body.hits.filter((h) => h.explain.keyword);
    const best = withKw.reduce((a, b) => (b.explain.keyword!.coverage! > a.explain.keyword!.coverage! ? b : a));
    const worst = withKw.reduce((a, b) => (b.explain.keyword!.coverage! < a.explain.keyword!.coverage! ? b : a));
    expect(best.text).toContain('普天間問題に関し');
    expect(best.explain.keyword!.coverage!).toBeGreaterThan(worst.explain.keyword!.coverage!);
    expect(best.explain.keyword!.weight!).toBeGreaterThan(worst.explain.keyword!.weight!);
    const keywordOnly = await search({ q: '普天間飛行場の移設について', mode: 'keyword' });
    expect(keywordOnly.body.fusion).toBeNull();
    expect(
      keywordOnly.body.hits.every((h) => h.explain.lexical === null && h.explain.keyword!.weight === undefined),
    ).toBe(true);
  });

  it('answers a question with the sentence of the hit that holds the answer, offsets into its text, emphasised in the snippet', async () => {
    const { body } = await search({ q: '会談はどこで何時から行われたか', limit: 3, filter: 'documentId = "sample"' });
    const top = body.hits.find((h) => h.text.includes('ワシントンDC'))!;
    expect(top.answer).toBeDefined();
    const answer = top.answer!;
    expect(top.text.slice(answer.start, answer.end)).toBe(answer.text);
    expect(answer.text).toContain('ワシントンDC');
    expect(answer.score).toBeGreaterThan(0);
    expect(top.snippet).toMatch(/<strong>[\s\S]*ワシントンDC[\s\S]*<\/strong>/);
    expect(body.hits.every((h) => h.answer && h.text.slice(h.answer.start, h.answer.end) === h.answer.text)).toBe(true);
    const keywordOnly = await search({ q: '会談はどこで何時から行われたか', mode: 'keyword' });
    expect(keywordOnly.body.hits.every((h) => h.answer === undefined)).toBe(true);
  });

  it('finds a Japanese passage for an English query through the Japanese forms of its words, and says which', async () => {
    const { body } = await search({ q: 'Hague Convention', limit: 3, filter: 'documentId = "sample"' });
    expect(body.fusion!.translated).toEqual(
      expect.arrayContaining([{ from: 'hague', to: expect.arrayContaining(['ハーグ']) }]),
    );
    expect(body.hits.some((h) => h.text.includes('ハーグ条約の締結は重要な進展'))).toBe(true);
    const hague = body.hits.find((h) => h.text.includes('ハーグ条約の締結'))!;
    expect(hague.explain.lexical!.share).toBeGreaterThan(0);
    // The keyword leg searched ハーグ too: without it, "Hague" matches nothing in a Japanese document.
    expect(hague.explain.keyword).not.toBeNull();
    const plain = await search({ q: 'Hague Convention', mode: 'keyword' });
    expect(plain.body.hits.some((h) => h.text.includes('ハーグ条約の締結'))).toBe(true);
  });

  it('puts a relevant chunk in the hybrid top 3 for every seed query', async () => {
    const lines = readFileSync(path.join(SHARED, 'eval', 'seed-queries.jsonl'), 'utf8')
      .trim()
      .split('\n');
    const misses: string[] = [];
    for (const line of lines) {
      const seed = JSON.parse(line) as { query: string; relevant: { contains: string }[] };
      const { body } = await search({ q: seed.query, limit: 3, filter: 'documentId = "sample"' });
      const ok = body.hits.some((h) => seed.relevant.some((r) => h.text.includes(r.contains)));
      if (!ok) misses.push(`${seed.query} → ${body.hits.map((h) => h.text.slice(0, 20)).join(' | ')}`);
    }
    expect(misses).toEqual([]);
  });

  it('answers POST /search with the same hits as GET', async () => {
    const get = await search({ q: 'TPP', limit: 5 });
    const res = await svc.app.request('/search', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ q: 'TPP', limit: 5 }),
    });
    const post = (await res.json()) as SearchBody;
    expect(post.hits.map((h) => h.chunkId)).toEqual(get.body.hits.map((h) => h.chunkId));
  });

  it('pages with offset and groups by document', async () => {
    const all = await search({ q: '岸田大臣', mode: 'keyword', limit: 6 });
    const second = await search({ q: '岸田大臣', mode: 'keyword', limit: 3, offset: 3 });
    expect(second.body.hits.map((h) => h.chunkId)).toEqual(all.body.hits.slice(3).map((h) => h.chunkId));
    // Hybrid pages agree too, across the reranker's depth (30): it only permutes the top chunks.
    const hybridAll = await search({ q: '日米同盟の強化', limit: 40 });
    const hybridPage = await search({ q: '日米同盟の強化', limit: 12, offset: 24 });
    expect(hybridPage.body.hits.map((h) => h.chunkId)).toEqual(hybridAll.body.hits.slice(24, 36).map((h) => h.chunkId));
    const grouped = await search({ q: '普天間', groupBy: 'document', limit: 10 });
    const docs = grouped.body.hits.map((h) => h.documentId);
    expect(new Set(docs).size).toBe(docs.length);
  });

  it('filters by tags and documentId, and rejects a filter on an unknown attribute', async () => {
    const tagged = await search({ q: '文字列', filter: 'tags = "test"', mode: 'keyword' });
    expect(tagged.body.hits.every((h) => h.documentId === 'xss')).toBe(true);
    expect(tagged.body.hits.length).toBeGreaterThan(0);
    const bad = await search({ q: '普天間', filter: 'secret = 1' });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe('invalid_filter');
  });

  it("uses the caller's highlight tags", async () => {
    const { body } = await search({
      q: '普天間',
      mode: 'keyword',
      highlightPreTag: '<em class="k">',
      highlightPostTag: '</em>',
    });
    expect(body.hits[0].snippet).toContain('<em class="k">普天間</em>');
  });
});

describe('bad input', () => {
  it.each([
    [{ q: '普天間', limit: -1 }, 'invalid_request'],
    [{ q: '普天間', limit: 101 }, 'invalid_request'],
    [{ q: '普天間', mode: 'fuzzy' }, 'invalid_request'],
    [{ q: '普天間', semanticRatio: 2 }, 'invalid_request'],
  ])('%o gets a 400 %s with a message', async (query, code) => {
    const { status, body } = await search(query as Record<string, string>);
    expect(status).toBe(400);
    expect(body.error?.code).toBe(code);
    expect(body.error?.message.length).toBeGreaterThan(5);
  });

  it('keeps serving after bad requests', async () => {
    await search({ q: '普天間', limit: '101' });
    const { status, body } = await search({ q: 'ハーグ条約' });
    expect(status).toBe(200);
    expect(body.hits.length).toBeGreaterThan(0);
  });
});

describe('HTML safety', () => {
  it('never returns document markup unescaped in a snippet', async () => {
    for (const mode of ['keyword', 'hybrid', 'semantic']) {
      const { body } = await search({ q: 'XSSテスト文書', mode });
      const hit = body.hits.find((h) => h.documentId === 'xss')!;
      expect(hit.snippet).not.toContain('<script>');
      expect(hit.snippet).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(hit.snippet.replace(/<\/?(mark|strong)>/g, '')).not.toMatch(/<[a-z/]/i);
    }
  });
});
