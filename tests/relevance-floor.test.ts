import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResponse } from '../search/types.ts';
import { indexAllViaApi, SAMPLE_PATH, searchOk, startTestService, type TestService } from './helpers/service.ts';

let svc: TestService;

// A few chunks name XSS; the diplomatic sample and a guide page are what a vector leg pads a short query with.
const documents = [
  { id: 'sample', text: readFileSync(SAMPLE_PATH, 'utf8'), tags: ['diplomacy'] },
  {
    id: 'escape',
    text: 'XSS(クロスサイトスクリプティング)を防ぐには、利用者の入力をエスケープしてから HTML に埋め込む。',
    tags: ['security'],
  },
  {
    id: 'csp',
    text: 'Content-Security-Policy ヘッダーでインラインスクリプトを禁止すると、XSS の被害を減らせる。',
    tags: ['security'],
  },
  {
    id: 'dev-server',
    text: '開発サーバーはファイルの変更を検知して、ブラウザのページを再読み込みする。',
    tags: ['guide'],
  },
];

beforeAll(async () => {
  svc = await startTestService();
  await indexAllViaApi(svc.app, { documents });
});
afterAll(() => svc?.close());

const post = async (body: Record<string, unknown>) =>
  svc.app.request('/search', {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });

describe('the relevance floor in hybrid search', () => {
  it('returns only the chunks a keyword-like query names, and counts only them', async () => {
    const body = await searchOk(svc.app, { q: 'XSS', facets: 'tags' });
    expect(body.mode).toBe('hybrid');
    expect(body.hits.map((h) => h.documentId).sort()).toEqual(['csp', 'escape']);
    expect(body.estimatedTotalHits).toBe(2);
    expect(body.facetDistribution).toEqual({ tags: { security: 2 } });
    expect(body.fusion!.floor).toMatchObject({ ratio: 0.5, evidence: true });
    expect(body.fusion!.floor!.dropped).toBeGreaterThan(0);
    expect(body.fusion!.floor!.minScore).toBeCloseTo(body.hits[0].score / 2, 3);
  });

  it('is turned off per request with floor=0 (GET and POST): the semantic padding is back', async () => {
    const get = await searchOk(svc.app, { q: 'XSS', floor: 0, facets: 'tags' });
    const res = await post({ q: 'XSS', floor: 0 });
    expect(res.status).toBe(200);
    for (const body of [get, (await res.json()) as SearchResponse]) {
      expect(body.hits.length).toBe(10);
      expect(body.hits.filter((h) => !h.text.includes('XSS')).length).toBe(8);
      expect(body.fusion!.floor).toEqual({ ratio: 0, evidence: false, minScore: null, dropped: 0 });
    }
    expect(get.estimatedTotalHits).toBeGreaterThan(2);
    expect(get.facetDistribution!.tags.diplomacy).toBeGreaterThan(0);
  });

  it('a request can raise the floor too', async () => {
    const body = await searchOk(svc.app, { q: 'XSS', floor: 1 });
    expect(body.hits.map((h) => h.documentId).sort()).toEqual(['csp', 'escape']);
    expect(body.fusion!.floor!.ratio).toBe(1);
  });

  it('leaves a paraphrase with no keyword evidence its semantic hits', async () => {
    for (const q of [
      '沖縄にあるアメリカ軍の飛行場を別の場所へ移す話はどうなったか',
      'What happened to moving the US air base?',
    ]) {
      const body = await searchOk(svc.app, { q, limit: 10 });
      expect(body.fusion!.floor, q).toMatchObject({ evidence: false, minScore: null, dropped: 0 });
      expect(body.hits.length, q).toBe(10);
      expect(
        body.hits.some((h) => !h.explain.keyword),
        q,
      ).toBe(true);
    }
  });

  it('refuses a floor outside 0..1 or not a number with a 400 that names it', async () => {
    for (const floor of ['2', '-0.1', 'half']) {
      const res = await svc.app.request(`/search?${new URLSearchParams({ q: 'XSS', floor })}`);
      expect(res.status, floor).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('invalid_request');
      expect(body.error.message).toMatch(/floor/);
    }
    const res = await post({ q: 'XSS', floor: 'half' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/floor/);
  });
});
