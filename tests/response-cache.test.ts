import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/build-app.ts';
import { openCore, type Core } from '../service/open-core.ts';
import { resolveSettings } from '../service/settings.ts';
import { createLogger } from '../service/logger.ts';
import { indexAllViaApi, searchOk, startTestService, testConfig, type TestService } from './helpers/service.ts';
import { waitFor } from './helpers/wait.ts';
import type { SearchResponse } from '../search/types.ts';
import { rng } from '../tools/lib/jsquad.ts';

// A second process on the same Meilisearch and index: another core and app in this test process, with its own caches.
let svc: TestService;
let other: { core: Core; built: ReturnType<typeof buildApp> };

const docs = [
  { id: 'ferry', text: '港のフェリーは毎朝七時に出航する。', tags: ['a'] },
  { id: 'bus', text: '駅前のバスは毎朝七時半に出発する。', tags: ['b'] },
];
const ADMIN = 'admin-key-response-cache-test-0123456789';
const admin = { authorization: `Bearer ${ADMIN}` };
type Found = SearchResponse & { hits: { documentId: string }[] };
const search = async (app: TestService['app'], params: Record<string, string>, headers = admin) => {
  const res = await app.request(`/search?${new URLSearchParams(params)}`, { headers });
  expect(res.status).toBe(200);
  return (await res.json()) as Found;
};
const ids = (r: { hits: { documentId: string }[] }) => r.hits.map((h) => h.documentId).sort();

beforeAll(async () => {
  svc = await startTestService({ ADMIN_KEY: ADMIN, FOLD: 'none', SYNONYMS_DEFAULT: 'none' }, { embeddings: false });
  await indexAllViaApi(svc.app, { documents: docs }, admin);
  const config = testConfig({
    ADMIN_KEY: ADMIN,
    INDEX_NAME: svc.config.INDEX_NAME,
    FOLD: 'none',
    SYNONYMS_DEFAULT: 'none',
  });
  const core = await openCore({
    settings: resolveSettings(config),
    logger: createLogger('silent'),
    separateIndexer: false,
    embeddings: false,
  });
  other = { core, built: buildApp(core, { defaultMetrics: false }) };
});
afterAll(async () => {
  await other?.core.close();
  await svc?.close();
});

describe('the response cache', () => {
  it('answers a repeated search whole, with the same hits, and says so', async () => {
    const first = await search(svc.app, { q: '毎朝七時', mode: 'keyword' });
    const again = await search(svc.app, { q: '毎朝七時', mode: 'keyword' });
    expect(first.cached).toBe(false);
    expect(again.cached).toBe(true);
    expect(again.processingTimeMs.meilisearch).toBe(0);
    // Everything but what is per request: the timings and the query's own id.
    const { cached: _a, processingTimeMs: _b, queryId: _c, ...rest } = first as Found & { queryId?: string };
    expect(again).toMatchObject(rest);
    // The same search as a POST body, its keys in another order, meets the same entry.
    const res = await svc.app.request('/search', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...admin },
      body: JSON.stringify({ mode: 'keyword', q: '毎朝七時' }),
    });
    expect(((await res.json()) as { cached: boolean }).cached).toBe(true);
    // Another parameter is another search.
    expect((await search(svc.app, { q: '毎朝七時', mode: 'keyword', limit: '1' })).cached).toBe(false);
  });

  it("never serves a response from before this process's own write: a new document is found at once", async () => {
    expect(ids(await search(svc.app, { q: '出航', mode: 'keyword' }))).toEqual(['ferry']);
    expect((await search(svc.app, { q: '出航', mode: 'keyword' })).cached).toBe(true);
    await indexAllViaApi(svc.app, { documents: [{ id: 'plane', text: '空港の便は毎朝八時に出航する。' }] }, admin);
    const after = await search(svc.app, { q: '出航', mode: 'keyword' });
    expect(after.cached).toBe(false);
    expect(ids(after)).toEqual(['ferry', 'plane']);
  });

  it("follows another process's synonyms and documents once its check sees them (within a second or so)", async () => {
    expect((await search(svc.app, { q: 'シャトル', mode: 'keyword' })).hits).toEqual([]);
    expect((await search(svc.app, { q: 'シャトル', mode: 'keyword' })).cached).toBe(true);
    await other.core.store.setSynonyms({ シャトル: ['バス'] });
    const found = await waitFor(
      'the synonym written by the other process to apply here',
      async () => {
        const r = await search(svc.app, { q: 'シャトル', mode: 'keyword' });
        return r.hits.length ? r : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    expect(ids(found)).toEqual(['bus']);
    // And the other process's document, indexed by its own queue.
    await svc.built.tasks.stop();
    other.built.tasks.start();
    try {
      await indexAllViaApi(other.built.app, { documents: [{ id: 'tram', text: '路面電車も毎朝七時に出る。' }] }, admin);
    } finally {
      await other.built.tasks.stop();
      svc.built.tasks.start();
    }
    const seen = await waitFor(
      'the document indexed by the other process to be found here',
      async () => {
        const r = await search(svc.app, { q: '毎朝七時', mode: 'keyword' });
        return ids(r).includes('tram') ? r : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    expect(seen.cached).toBe(false);
  });

  it("keeps a scoped key's search apart from the same search unscoped", async () => {
    const everything = await search(svc.app, { q: '毎朝', mode: 'keyword' });
    expect(ids(everything)).toEqual(expect.arrayContaining(['ferry', 'bus']));
    const minted = await svc.app.request('/keys', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...admin },
      body: JSON.stringify({ description: 'tenant a', filter: 'tags = "a"' }),
    });
    const { key } = (await minted.json()) as { key: string };
    for (let i = 0; i < 2; i++) {
      const body = await search(svc.app, { q: '毎朝', mode: 'keyword' }, { authorization: `Bearer ${key}` });
      expect(ids(body)).toEqual(['ferry']);
      expect(body.cached).toBe(i === 1);
    }
  });
});

describe('SEARCH_CACHE_MB=0', () => {
  let off: TestService;
  beforeAll(async () => {
    off = await startTestService({ SEARCH_CACHE_MB: '0' }, { embeddings: false });
    await indexAllViaApi(off.app, { documents: docs });
  });
  afterAll(() => off?.close());

  it('computes every search', async () => {
    for (let i = 0; i < 2; i++)
      expect((await searchOk(off.app, { q: '毎朝七時', mode: 'keyword' })).cached).toBe(false);
  });
});

// Responses of many hits, each a 400-character chunk of prose-like text: the JSON of a handful outgrows a small
// budget, as JSQuAD's do the default one.
const WORDS = [
  '港',
  'フェリー',
  '駅前',
  'バス',
  '空港',
  '便',
  '路面電車',
  '市役所',
  '図書館',
  '公園',
  '川沿い',
  '橋',
  '商店街',
  '朝市',
  '漁師',
  '灯台',
  '神社',
  '祭り',
  '花火',
  '温泉',
  '旅館',
  '山道',
  '峠',
  '雪',
  '桜',
  '紅葉',
  '田んぼ',
  '稲刈り',
  '学校',
  '先生',
  '生徒',
  '運動会',
  '病院',
  '郵便局',
  '銀行',
  '市場',
];
const PARTICLES = ['の', 'は', 'で', 'に', 'を', 'と', 'から', 'まで'];
const ENDINGS = ['ある。', 'いる。', '賑わう。', '続く。', '見える。', '始まる。'];
function prose(seed: number, sentences: number): string {
  // Seeded: the same documents every run.
  const draw = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(draw() * xs.length)]!;
  const out: string[] = [];
  for (let i = 0; i < sentences; i++) {
    const words = Array.from({ length: 6 }, () => pick(WORDS) + pick(PARTICLES));
    out.push(words.join('') + pick(ENDINGS));
  }
  return out.join('');
}

describe('a small SEARCH_CACHE_MB', () => {
  const BUDGET_MB = 0.06;
  let small: TestService;
  beforeAll(async () => {
    small = await startTestService(
      { SEARCH_CACHE_MB: String(BUDGET_MB), FOLD: 'none', SYNONYMS_DEFAULT: 'none' },
      { embeddings: false },
    );
    const documents = Array.from({ length: 30 }, (_, i) => ({ id: `town-${i}`, text: prose(i + 1, 40) }));
    await indexAllViaApi(small.app, { documents });
  });
  afterAll(() => small?.close());
  const ask = async (q: string, extra: Record<string, string> = {}) => {
    const res = await small.app.request(
      `/search?${new URLSearchParams({ q, mode: 'keyword', limit: '10', ...extra })}`,
    );
    expect(res.status).toBe(200);
    return res.text();
  };
  // What differs between two answers of the same search: whether it was cached, its timings, its own queryId.
  const perSearch = (text: string) => {
    const { cached: _a, processingTimeMs: _b, queryId: _c, ...rest } = JSON.parse(text);
    return JSON.stringify(rest);
  };

  it('answers a repeat with the same response byte for byte: hits, scores, snippets, answers', async () => {
    const first = await ask('灯台', { highlightPreTag: '<b>', highlightPostTag: '</b>' });
    const again = await ask('灯台', { highlightPreTag: '<b>', highlightPostTag: '</b>' });
    expect(JSON.parse(first).cached).toBe(false);
    expect(JSON.parse(again).cached).toBe(true);
    const hits = JSON.parse(again).hits as SearchResponse['hits'];
    expect(hits).toHaveLength(10);
    expect(hits[0]!.snippet).toContain('<b>灯台</b>');
    expect(perSearch(again)).toBe(perSearch(first));
  });

  it('keeps every one of a dozen searches whose JSON is more than the budget, and still lets the oldest go', async () => {
    const queries = WORDS.slice(0, 12);
    let json = 0;
    for (const q of queries) {
      const first = JSON.parse(await ask(q));
      expect(first.cached).toBe(false);
      expect(first.hits).toHaveLength(10);
      json += JSON.stringify(first).length;
    }
    // Kept as their JSON, they would not fit: the budget holds them compressed.
    expect(json).toBeGreaterThan(BUDGET_MB * 1_000_000);
    for (const q of queries) expect(JSON.parse(await ask(q)).cached).toBe(true);
    // Many more searches later, the least recently used are computed again, the latest still kept.
    for (const offset of ['1', '2', '3', '4', '5']) for (const q of queries) await ask(q, { offset });
    expect(JSON.parse(await ask(queries[0]!)).cached).toBe(false);
    expect(JSON.parse(await ask(queries[11]!, { offset: '5' })).cached).toBe(true);
  });
});
