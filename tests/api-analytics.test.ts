import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Meilisearch } from 'meilisearch';
import { inject } from 'vitest';
import { ANALYTICS_BUCKET_MS, type AnalyticsRecord } from '../domain/analytics.ts';
import { createAnalyticsStore } from '../store/analytics-store.ts';
import { meiliClient } from '../store/meili-client.ts';
import { analyticsSecret, createQueryIds, QUERY_ID_TTL_MS } from '../service/query-id.ts';
import { indexAllViaApi, startTestService, type TestService } from './helpers/service.ts';

const ADMIN = 'admin-key-analytics-test-0123456789';
const SEARCH = 'search-key-analytics-test-0123456789';
const admin = { authorization: `Bearer ${ADMIN}` };
const bearer = (key: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${key}`, ...extra });
let svc: TestService;

interface Search {
  queryId: string | null;
  estimatedTotalHits: number;
  hits: { documentId: string; chunkId: string }[];
}
interface Queries {
  queries: { query: string; searches: number; zeroHits: number; clicks: number; meanClickPosition: number | null }[];
}

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
async function search(q: string, headers: Record<string, string> = bearer(SEARCH), mode = 'keyword'): Promise<Search> {
  const res = await svc.app.request(`/search?${new URLSearchParams({ q, mode })}`, { headers });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Search;
}
const event = (body: Record<string, unknown>, headers: Record<string, string> = bearer(SEARCH)) =>
  svc.app.request('/events', json(body, headers));
async function view<T>(path: string, params: Record<string, string> = {}): Promise<T> {
  const res = await svc.app.request(`/analytics/${path}?${new URLSearchParams(params)}`, { headers: admin });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as T;
}
async function errorOf(res: Response) {
  return { status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code };
}
async function mint(body: Record<string, unknown>): Promise<{ key: string; id: string }> {
  const res = await svc.app.request('/keys', json(body, admin));
  expect(res.status).toBe(201);
  return (await res.json()) as { key: string; id: string };
}

const documents = [
  { id: 'futenma', text: '普天間飛行場の移設について日米外相会談で述べた。', tags: ['a'] },
  { id: 'kenrokuen', text: '兼六園の庭園は金沢にある。', tags: ['a'] },
  { id: 'tpp', text: 'TPP交渉の年内妥結を目指すことで一致した。', tags: ['b'] },
  { id: 'kyoto', text: '京都の寺院を訪ねる秘密の計画。', tags: ['b'] },
];

beforeAll(async () => {
  // No timed flush: the views flush this process first, and the test flushes where it reads Meilisearch itself.
  svc = await startTestService({ ADMIN_KEY: ADMIN, SEARCH_KEY: SEARCH, ANALYTICS_FLUSH_MS: '3600000' });
  await indexAllViaApi(svc.app, { documents }, admin);
});
afterAll(() => svc?.close());

describe('search analytics through the API', () => {
  it('gives every search a queryId and counts queries as the keyword leg normalised them', async () => {
    const first = await search('普天間');
    expect(first.queryId).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    // A repeat (the response cache may answer it) still gets a queryId of its own.
    const again = await search('普天間');
    expect(again.queryId).not.toBe(first.queryId);
    await search('　普天間 ');
    await search('ＴＰＰ交渉');
    await search('TPP交渉', bearer(SEARCH), 'hybrid');
    const top = await view<Queries>('top');
    expect(top.queries.slice(0, 2)).toMatchObject([
      { query: '普天間', searches: 3, zeroHits: 0 },
      { query: 'TPP交渉', searches: 2, zeroHits: 0 },
    ]);
    const perKey = await view<Queries>('top', { key: 'admin' });
    expect(perKey.queries).toEqual([]);
  });

  it('lists queries that found nothing', async () => {
    await search('存在しない言葉ほげ');
    await search('存在しない言葉ほげ');
    const none = await view<Queries>('no-results');
    expect(none.queries).toContainEqual(expect.objectContaining({ query: '存在しない言葉ほげ', zeroHits: 2 }));
    expect(none.queries.map((q) => q.query)).not.toContain('普天間');
  });

  it('attributes clicks to their query and position, and reports click-through', async () => {
    const s = await search('兼六園');
    const before = await view<{ clicks: number }>('clicks');
    expect((await event({ type: 'click', queryId: s.queryId, chunkId: s.hits[0].chunkId, position: 3 })).status).toBe(
      202,
    );
    expect((await event({ type: 'click', queryId: s.queryId, chunkId: s.hits[0].chunkId, position: 1 })).status).toBe(
      202,
    );
    expect((await event({ type: 'conversion', queryId: s.queryId, documentId: 'kenrokuen' })).status).toBe(202);
    const clicks = await view<{ clicks: number; conversions: number; positions: Record<string, number> }>('clicks');
    expect(clicks.clicks).toBe(before.clicks + 2);
    expect(clicks.conversions).toBe(1);
    expect(clicks.positions).toMatchObject({ '1': 1, '3': 1 });
    const top = await view<Queries>('top', { limit: '100' });
    expect(top.queries.find((q) => q.query === '兼六園')).toMatchObject({
      searches: 1,
      clicks: 2,
      meanClickPosition: 2,
    });
    const low = await view<Queries>('low-ctr', { minSearches: '1', limit: '100' });
    expect(low.queries.map((q) => q.query)[0]).not.toBe('兼六園');
    expect(low.queries.map((q) => q.query)).toContain('普天間');
    const series = await view<{ buckets: { searches: number; clicks: number }[] }>('searches');
    expect(series.buckets.reduce((n, b) => n + b.clicks, 0)).toBe(clicks.clicks);
  });

  it('refuses forged and hostile events with a clear 4xx and keeps serving', async () => {
    const s = await search('普天間');
    const [body, sig] = s.queryId!.split('.');
    const other = JSON.parse(Buffer.from(body, 'base64url').toString()) as unknown[];
    other[4] = '偽のクエリ';
    const altered = `${Buffer.from(JSON.stringify(other)).toString('base64url')}.${sig}`;
    const click = (queryId: unknown, headers?: Record<string, string>) =>
      event({ type: 'click', queryId, chunkId: 'futenma#0', position: 1 }, headers);
    expect(await errorOf(await click(altered))).toEqual({ status: 400, code: 'query_id_invalid' });
    expect(await errorOf(await click('not-a-query-id'))).toEqual({ status: 400, code: 'query_id_invalid' });
    expect(await errorOf(await click('a.b.c'))).toEqual({ status: 400, code: 'query_id_invalid' });
    expect(await errorOf(await click(`${body}.`))).toEqual({ status: 400, code: 'query_id_invalid' });
    expect(await errorOf(await click(42))).toEqual({ status: 400, code: 'invalid_request' });
    // Signed with this deployment's secret, but a day and more old.
    const old = createQueryIds({
      secret: analyticsSecret({ meiliKey: inject('meiliKey'), adminKey: ADMIN, indexName: svc.config.INDEX_NAME }),
      now: () => Date.now() - QUERY_ID_TTL_MS - 60_000,
    }).sign({ query: '普天間', mode: 'keyword', key: 'search-key', origin: '' });
    expect(await errorOf(await click(old))).toEqual({ status: 400, code: 'query_id_expired' });
    // Someone else's key: 403.
    const scoped = await mint({ description: 'site a', filter: 'tags = "a"' });
    expect(await errorOf(await click(s.queryId, bearer(scoped.key)))).toEqual({
      status: 403,
      code: 'query_id_forbidden',
    });
    const own = await search('普天間', bearer(scoped.key));
    expect(await errorOf(await click(own.queryId, bearer(SEARCH)))).toEqual({
      status: 403,
      code: 'query_id_forbidden',
    });
    expect((await click(own.queryId, bearer(scoped.key))).status).toBe(202);
    // Without a key, or with a bad one.
    expect((await click(s.queryId, {})).status).toBe(401);
    // Malformed events.
    expect(await errorOf(await event({ type: 'click', queryId: s.queryId, chunkId: 'x' }))).toEqual({
      status: 400,
      code: 'invalid_request',
    });
    expect(await errorOf(await event({ type: 'click', queryId: s.queryId, position: 1 }))).toEqual({
      status: 400,
      code: 'invalid_request',
    });
    expect(await errorOf(await event({ type: 'view', queryId: s.queryId, chunkId: 'x', position: 1 }))).toMatchObject({
      status: 400,
    });
    expect(
      await errorOf(await event({ type: 'click', queryId: s.queryId, chunkId: 'x', position: 1, ip: '1.2.3.4' })),
    ).toMatchObject({ status: 400 });
    const huge = await event({ type: 'click', queryId: 'x'.repeat(100_000), chunkId: 'x', position: 1 });
    expect(await errorOf(huge)).toEqual({ status: 413, code: 'payload_too_large' });
    const notJson = await svc.app.request('/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(SEARCH) },
      body: '{"type":',
    });
    expect(notJson.status).toBe(400);
    // A flood: the key's rate limit, shared with its searches.
    const limited = await mint({ description: 'flood', rateLimitPerMinute: 3 });
    const q = (await search('普天間', bearer(limited.key))).queryId;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await click(q, bearer(limited.key))).status);
    expect(statuses.slice(0, 2)).toEqual([202, 202]);
    expect(statuses.slice(2)).toEqual([429, 429, 429, 429]);
    // None of it counted for the altered query; the service still answers.
    const top = await view<Queries>('top', { limit: '1000' });
    expect(top.queries.map((x) => x.query)).not.toContain('偽のクエリ');
    expect((await svc.app.request('/health')).status).toBe(200);
  });

  it("shows a scoped key's analytics only within its filter (hostile queries)", async () => {
    const a = await mint({ description: 'tenant a', filter: 'tags = "a"' });
    const b = await mint({ description: 'tenant b', filter: 'tags = "b"' });
    // Tenant b's words, as typed, folded, read and forced with filters, searched by tenant a: each must count as
    // finding nothing, so a's analytics say nothing of b's documents.
    const hostile: [string, Record<string, string>][] = [
      ...[
        'TPP',
        'TPP交渉',
        'ＴＰＰ',
        'tpp',
        '交渉',
        '妥結',
        '年内妥結',
        '京都',
        '寺院',
        '京都の寺院',
        '秘密',
        '計画',
      ].map((q) => [q, {}] as [string, Record<string, string>]),
      ['秘密の計画', {}],
      ['京都の寺院を訪ねる秘密の計画。', {}],
      ['きょうと', {}],
      ['kyouto', {}],
      ['TPP', { filter: 'tags = "b"' }],
      ['京都', { filter: 'tags = "b" OR tags = "a"' }],
      ['寺院', { filter: 'documentId = "kyoto"' }],
      ['妥結', { facets: 'tags' }],
      ['"TPP交渉"', {}],
    ];
    for (const [q, extra] of hostile) {
      const res = await svc.app.request(`/search?${new URLSearchParams({ q, mode: 'keyword', ...extra })}`, {
        headers: bearer(a.key),
      });
      expect(res.status, q).toBe(200);
    }
    await search('兼六園', bearer(a.key));
    await search('秘密の計画', bearer(b.key));
    const aTop = await view<Queries & { queries: { meanHits: number }[] }>('top', { key: `key:${a.id}`, limit: '100' });
    // 21 hostile searches in 16 queries once normalised (ＴＰＰ is TPP; filters and facets do not make a query), and 兼六園.
    expect(aTop.queries).toHaveLength(17);
    for (const q of aTop.queries) {
      if (q.query === '兼六園') expect(q).toMatchObject({ zeroHits: 0, searches: 1 });
      else expect(q, q.query).toMatchObject({ zeroHits: q.searches, meanHits: 0 });
    }
    const aClicks = await view<{ searches: number }>('clicks', { key: `key:${a.id}` });
    expect(aClicks.searches).toBe(hostile.length + 1);
    // b's own search is b's alone.
    const bTop = await view<Queries>('top', { key: `key:${b.id}` });
    expect(bTop.queries).toEqual([expect.objectContaining({ query: '秘密の計画', zeroHits: 0, searches: 1 })]);
    const keys = await view<{ keys: { name: string }[] }>('searches');
    expect(keys.keys.map((k) => k.name)).toEqual(expect.arrayContaining([`key:${a.id}`, `key:${b.id}`, 'search-key']));
  });

  it('counts per origin', async () => {
    const s = await search('金沢', bearer(SEARCH, { origin: 'https://shop.example' }));
    expect((await event({ type: 'click', queryId: s.queryId, documentId: 'kenrokuen', position: 1 })).status).toBe(202);
    const top = await view<Queries>('top', { origin: 'https://shop.example' });
    expect(top.queries).toEqual([expect.objectContaining({ query: '金沢', searches: 1, clicks: 1 })]);
    // A same-origin page's searches carry no Origin: they count under "", and a click on one is theirs too.
    const own = await search('兼六園の庭', bearer(SEARCH));
    expect((await event({ type: 'click', queryId: own.queryId, documentId: 'kenrokuen', position: 2 })).status).toBe(
      202,
    );
    const none = await view<Queries>('top', { origin: '' });
    expect(none.queries).toEqual(expect.arrayContaining([expect.objectContaining({ query: '兼六園の庭', clicks: 1 })]));
    expect(none.queries.map((q) => q.query)).not.toContain('金沢');
  });

  it('is for the admin key only, and refuses a bad range', async () => {
    const res = await svc.app.request('/analytics/top', { headers: bearer(SEARCH) });
    expect(res.status).toBe(403);
    const bad = await svc.app.request('/analytics/top?from=yesterday', { headers: admin });
    expect(await errorOf(bad)).toEqual({ status: 400, code: 'invalid_request' });
    const backwards = await svc.app.request('/analytics/top?from=2026-02-01&to=2026-01-01', { headers: admin });
    expect(await errorOf(backwards)).toEqual({ status: 400, code: 'invalid_request' });
  });

  it('removes buckets past the retention', async () => {
    const store = createAnalyticsStore({
      client: meiliClient({ url: inject('meiliUrl'), apiKey: inject('meiliKey'), timeoutMs: 30_000 }),
      indexName: svc.config.INDEX_NAME,
      taskTimeoutMs: 60_000,
    });
    const hour = Math.floor(Date.now() / ANALYTICS_BUCKET_MS) * ANALYTICS_BUCKET_MS;
    const record = (id: string, daysAgo: number): AnalyticsRecord => ({
      id,
      bucket: hour - daysAgo * 86_400_000,
      process: 'other-process',
      query: `古い検索${daysAgo}`,
      mode: 'keyword',
      key: 'search-key',
      origin: '',
      searches: 5,
      zeroHits: 0,
      hits: 5,
      latencyMs: 50,
      clicks: 0,
      conversions: 0,
      positionSum: 0,
      positions: {},
    });
    await store.put([record('old-91', 91), record('old-89', 89)]);
    const range = { from: new Date(hour - 100 * 86_400_000).toISOString() };
    const before = await view<Queries>('top', range);
    expect(before.queries.map((q) => q.query)).toEqual(expect.arrayContaining(['古い検索91', '古い検索89']));
    await svc.built.analytics.prune();
    const after = await view<Queries>('top', { ...range, limit: '1000' });
    expect(after.queries.map((q) => q.query)).toContain('古い検索89');
    expect(after.queries.map((q) => q.query)).not.toContain('古い検索91');
  });
});

describe('analytics that cannot be written', () => {
  it('are said in /health (degraded, since when, why) and kept in memory until a flush can write them', async () => {
    const uid = `${svc.config.INDEX_NAME}_analytics`;
    const meili = new Meilisearch({ host: inject('meiliUrl'), apiKey: inject('meiliKey') });
    const health = async () =>
      (await (await svc.app.request('/health')).json()) as {
        status: string;
        analytics: { status: string; pendingRecords?: number; reason?: string; since?: string };
      };
    expect((await health()).analytics.status).toBe('recording');
    // Another primary key: Meilisearch refuses every write of the records, as a broken analytics index would.
    await meili.deleteIndex(uid).waitTask();
    await meili.createIndex(uid, { primaryKey: 'other' }).waitTask();
    await search('兼六園の庭園');
    await svc.built.analytics.flush();
    const failing = await health();
    expect(failing.status).toBe('degraded');
    expect(failing.analytics).toMatchObject({ status: 'failing', pendingRecords: 1 });
    expect(failing.analytics.reason).toMatch(/primary key|primaryKey/i);
    expect(Date.parse(failing.analytics.since!)).not.toBeNaN();
    // Searches still answer meanwhile.
    await search('兼六園の庭園');

    await meili.deleteIndex(uid).waitTask();
    await createAnalyticsStore({
      client: meiliClient({ url: inject('meiliUrl'), apiKey: inject('meiliKey'), timeoutMs: 30_000 }),
      indexName: svc.config.INDEX_NAME,
      taskTimeoutMs: 60_000,
    }).ensure();
    await svc.built.analytics.flush();
    const healed = await health();
    expect(healed.analytics).toEqual({ status: 'recording', pendingRecords: 0 });
    expect(healed.status).toBe('ok');
    const top = await view<Queries>('top');
    expect(top.queries.find((q) => q.query === '兼六園の庭園')?.searches).toBe(2);
  });
});

describe('ANALYTICS=off', () => {
  it('gives no queryId, refuses events and views, and writes nothing to Meilisearch', async () => {
    const off = await startTestService({ ANALYTICS: 'off', ANALYTICS_FLUSH_MS: '100' });
    try {
      await indexAllViaApi(off.app, { documents });
      const res = await off.app.request('/search?q=%E6%99%AE%E5%A4%A9%E9%96%93&mode=keyword');
      const body = (await res.json()) as Search;
      expect(body.estimatedTotalHits).toBeGreaterThan(0);
      expect(body.queryId).toBeNull();
      const ev = await off.app.request('/events', json({ type: 'click', queryId: 'x.y', chunkId: 'a', position: 1 }));
      expect(await errorOf(ev)).toEqual({ status: 404, code: 'analytics_off' });
      expect(await errorOf(await off.app.request('/analytics/top'))).toEqual({ status: 404, code: 'analytics_off' });
      // Past several flush windows and a clean stop: still no index.
      await new Promise((r) => setTimeout(r, 300));
      await off.built.tasks.stop();
      const meili = new Meilisearch({ host: inject('meiliUrl'), apiKey: inject('meiliKey') });
      const { results } = await meili.getIndexes({ limit: 10_000 });
      expect(results.map((i) => i.uid)).toContain(off.config.INDEX_NAME);
      expect(results.map((i) => i.uid)).not.toContain(`${off.config.INDEX_NAME}_analytics`);
    } finally {
      await off.close();
    }
  });
});
