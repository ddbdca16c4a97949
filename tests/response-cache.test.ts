import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/build-app.ts';
import { openCore, type Core } from '../service/open-core.ts';
import { resolveSettings } from '../service/settings.ts';
import { createLogger } from '../service/logger.ts';
import { indexAllViaApi, searchOk, startTestService, testConfig, type TestService } from './helpers/service.ts';
import { waitFor } from './helpers/wait.ts';
import type { SearchResponse } from '../search/types.ts';

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
