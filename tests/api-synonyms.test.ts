import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexViaApi, SAMPLE_PATH, startTestService, type TestService } from './helpers/service.ts';

const ADMIN = 'admin-key-synonyms-test-0123456789';
const SEARCH = 'search-key-synonyms-test-0123456789';
let svc: TestService;

const keyword = async (q: string, app = svc.app) => {
  const res = await app.request(`/search?${new URLSearchParams({ q, mode: 'keyword', limit: '3' })}`);
  return ((await res.json()) as { hits: { text: string }[] }).hits.map((h) => h.text);
};
const put = async (body: unknown, app = svc.app, headers: Record<string, string> = {}) => {
  const res = await app.request('/synonyms', {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as { oneWay?: Record<string, string[]>; error?: { code: string; message: string } },
  };
};

beforeAll(async () => {
  // Without folding, readings and the default synonyms, which would find フテンマ and 仲井真 by themselves.
  svc = await startTestService({ FOLD: 'none', READINGS: 'off', SYNONYMS_DEFAULT: 'none' }, { embeddings: false });
  const task = await indexViaApi(svc.app, { documents: [{ id: 'sample', text: readFileSync(SAMPLE_PATH, 'utf8') }] });
  expect(task.status).toBe('succeeded');
});
afterAll(() => svc?.close());

describe('PUT /synonyms and GET /synonyms', () => {
  it('a one-way synonym changes the keyword hits, and removing it restores them', async () => {
    expect(await keyword('フテンマ')).toEqual([]);
    const { status, body } = await put({ oneWay: { フテンマ: ['普天間'] } });
    expect(status).toBe(200);
    expect(body.oneWay).toEqual({ フテンマ: ['普天間'] });
    expect((await keyword('フテンマ')).some((t) => t.includes('普天間'))).toBe(true);
    expect((await put({})).body.oneWay).toEqual({});
    expect(await keyword('フテンマ')).toEqual([]);
  });

  it('a set makes each of its terms find the others, keys folded like query terms (ＴＰＰ is tpp, 仲井眞 is 仲井真)', async () => {
    expect(await keyword('ヘノコ移設')).toEqual([]);
    const { body } = await put({
      sets: [
        ['ヘノコ', '辺野古'],
        ['仲井真', '仲井眞'],
      ],
      oneWay: { ＫＡＫＥＨＡＳＨＩ: ['かけはし'] },
    });
    // 仲井真 and 仲井眞 fold alike: they are one term already, and need no entry.
    expect(body.oneWay).toEqual({ ヘノコ: ['辺野古'], 辺野古: ['ヘノコ'], kakehashi: ['かけはし'] });
    expect((await keyword('ヘノコ移設')).some((t) => t.includes('辺野古移設'))).toBe(true);
    expect((await keyword('KAKEHASHI')).some((t) => t.includes('「かけはし」'))).toBe(true);
    const got = await svc.app.request('/synonyms');
    expect(((await got.json()) as { oneWay: unknown }).oneWay).toEqual(body.oneWay);
  });

  it('rejects bad synonyms with a 400 and keeps the ones in force', async () => {
    const before = (await put({ oneWay: { フテンマ: ['普天間'] } })).body.oneWay;
    for (const bad of [
      { sets: [['仲井真']] },
      { sets: [['仲井真', '  ']] },
      { oneWay: { a: [] } },
      { synonyms: { a: ['b'] } },
      { sets: 'x' },
    ]) {
      const { status, body } = await put(bad);
      expect(status, JSON.stringify(bad)).toBe(400);
      expect(body.error?.code).toBe('invalid_request');
      expect(body.error?.message).toBeTruthy();
    }
    const tooMany = Object.fromEntries(Array.from({ length: 5001 }, (_, i) => [`t${i}`, ['x']]));
    expect((await put({ oneWay: tooMany })).body.error?.message).toMatch(/at most 5000/);
    const got = await svc.app.request('/synonyms');
    expect(((await got.json()) as { oneWay: unknown }).oneWay).toEqual(before);
    expect((await keyword('フテンマ')).some((t) => t.includes('普天間'))).toBe(true);
  });

  it('lives in Meilisearch: another process on the index sees them; only the admin key may read or change them', async () => {
    await put({ oneWay: { フテンマ: ['普天間'] } });
    const other = await startTestService(
      { INDEX_NAME: svc.config.INDEX_NAME, ADMIN_KEY: ADMIN, SEARCH_KEY: SEARCH },
      { embeddings: false },
    );
    try {
      const asAdmin = await other.app.request('/synonyms', { headers: { authorization: `Bearer ${ADMIN}` } });
      expect(((await asAdmin.json()) as { oneWay: unknown }).oneWay).toEqual({ フテンマ: ['普天間'] });
      const asSearch = await other.app.request('/synonyms', { headers: { authorization: `Bearer ${SEARCH}` } });
      expect(asSearch.status).toBe(403);
      expect((await put({}, other.app, { authorization: `Bearer ${SEARCH}` })).status).toBe(403);
      expect((await put({}, other.app)).status).toBe(401);
    } finally {
      await other.built.tasks.stop();
      await other.core.close();
    }
  });
});
