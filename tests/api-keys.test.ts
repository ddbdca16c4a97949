import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexViaApi, startTestService, type TestService } from './helpers/service.ts';
import { waitFor } from './helpers/wait.ts';

const ADMIN = 'admin-key-scoped-keys-test-0123456789';
const SEARCH = 'search-key-scoped-keys-test-0123456789';
const admin = { authorization: `Bearer ${ADMIN}` };
let svc: TestService;

interface Hit {
  documentId: string;
  tags?: string[];
}
interface SearchBody {
  hits: Hit[];
  facetDistribution?: Record<string, Record<string, number>>;
  error?: { code: string; message: string };
}

const request = (path: string, init: RequestInit = {}, app = svc.app) => app.request(path, init);
const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
async function mint(body: Record<string, unknown>): Promise<{ key: string; id: string }> {
  const res = await request('/keys', json(body, admin));
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { key: string; id: string };
}
const bearer = (key: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${key}`, ...extra });
async function searchAs(key: string, params: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await request(`/search?${new URLSearchParams(params)}`, { headers: bearer(key, headers) });
  return { status: res.status, body: (await res.json()) as SearchBody, headers: res.headers };
}

// Each topic twice: a public and a secret document, so every query can reach both.
const topics = ['普天間飛行場の移設', '日米外相会談の成果', '兼六園の庭園', '京都の寺院'];
const documents = topics.flatMap((t, i) => [
  { id: `public-${i}`, text: `${t}について公開の資料で述べる。`, tags: ['public'] },
  { id: `secret-${i}`, text: `${t}について秘密の資料で述べる。`, tags: ['secret'] },
]);

beforeAll(async () => {
  svc = await startTestService({ ADMIN_KEY: ADMIN, SEARCH_KEY: SEARCH });
  expect((await indexViaApi(svc.app, { documents }, admin)).status).toBe('succeeded');
});
afterAll(() => svc?.close());

describe('scoped keys: POST, GET, DELETE /keys', () => {
  it('mints a key shown once, lists it without its secret, and refuses it once deleted', async () => {
    const minted = await mint({ description: 'site search', filter: 'tags = "public"' });
    expect(minted.key).toMatch(/^ksk_[0-9a-f]{16}_/);
    const list = (await (await request('/keys', { headers: admin })).json()) as { keys: Record<string, unknown>[] };
    const listed = list.keys.find((k) => k.id === minted.id)!;
    expect(listed).toMatchObject({
      description: 'site search',
      actions: ['search'],
      filter: 'tags = "public"',
      origins: [],
    });
    // The secret is base64url, which may hold '_' itself: it is what follows the id.
    expect(JSON.stringify(list)).not.toContain(minted.key.slice(`ksk_${minted.id}_`.length));
    expect(listed.hash).toBeUndefined();
    expect((await searchAs(minted.key, { q: '庭園', mode: 'keyword' })).status).toBe(200);
    expect((await request(`/keys/${minted.id}`, { method: 'DELETE', headers: admin })).status).toBe(200);
    expect((await searchAs(minted.key, { q: '庭園', mode: 'keyword' })).status).toBe(401);
    expect((await request(`/keys/${minted.id}`, { method: 'DELETE', headers: admin })).status).toBe(404);
  });

  it('is for the admin key only, and rejects bad keys with a 400', async () => {
    expect((await request('/keys', { headers: bearer(SEARCH) })).status).toBe(403);
    expect((await request('/keys', json({ description: 'x' }, bearer(SEARCH)))).status).toBe(403);
    expect((await request('/keys')).status).toBe(401);
    const bad = [
      {},
      { description: 'x', actions: ['documents.delete'] },
      { description: 'x', origins: ['https://a.example/path'] },
      { description: 'x', origins: ['example.com'] },
      { description: 'x', expiresAt: '2001-01-01T00:00:00Z' },
      { description: 'x', rateLimitPerMinute: 0 },
      { description: 'x', filter: 'tags = "public" AND (' },
      { description: 'x', filter: 'text = "a"' },
      // Blank parses as no filter at all: a key that would see everything while its record showed a filter.
      { description: 'x', filter: '' },
      { description: 'x', filter: '   ' },
      { description: 'x', admin: true },
    ];
    for (const body of bad) {
      const res = await request('/keys', json(body, admin));
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as SearchBody).error?.message).toBeTruthy();
    }
  });

  it('survives a restart and works in another process on the same index', async () => {
    const minted = await mint({ description: 'shared', filter: 'tags = "public"' });
    const other = await startTestService(
      { INDEX_NAME: svc.config.INDEX_NAME, ADMIN_KEY: ADMIN, SEARCH_KEY: SEARCH },
      { embeddings: false },
    );
    try {
      const res = await other.app.request(`/search?${new URLSearchParams({ q: '庭園', mode: 'keyword' })}`, {
        headers: bearer(minted.key),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as SearchBody).hits.every((h) => h.tags?.includes('public'))).toBe(true);
    } finally {
      await other.built.tasks.stop();
      await other.core.close();
    }
  });

  it('stops working when it expires', async () => {
    // Long enough for the mint and a first search on a loaded machine; the poll below waits past it.
    const minted = await mint({ description: 'brief', expiresAt: new Date(Date.now() + 5000).toISOString() });
    expect((await searchAs(minted.key, { q: '庭園', mode: 'keyword' })).status).toBe(200);
    await waitFor(
      'the expired key to be refused',
      async () => ((await searchAs(minted.key, { q: '庭園', mode: 'keyword' })).status === 401 ? true : undefined),
      { timeoutMs: 30_000, intervalMs: 100 },
    );
    const refused = await searchAs(minted.key, { q: '庭園', mode: 'keyword' });
    expect(refused.status).toBe(401);
    // Named apart from an unknown key, so the widget can say the key expired; a forged secret is still just unknown.
    expect((refused.body as unknown as { error: { code: string } }).error.code).toBe('key_expired');
    const forged = `${minted.key.slice(0, -4)}AAAA`;
    const unknown = await searchAs(forged, { q: '庭園', mode: 'keyword' });
    expect((unknown.body as unknown as { error: { code: string } }).error.code).toBe('unauthorized');
  });
});

describe('a scoped key never sees a document outside its filter', () => {
  const hostile = [
    '',
    ') OR (tags = "secret"',
    'tags = "public") OR (tags = "secret"',
    'tags = "secret"',
    'tags != "public"',
    'NOT tags = "public"',
    'tags = "public" OR tags = "secret"',
    'tags EXISTS',
    'tags IN ["secret", "public"]',
    '(tags = "secret")',
    '((tags = "secret"',
    'tags = "secret"))',
    'tags = "public\\" OR tags = \\"secret"',
    "tags = 'secret'",
    'documentId = "secret-0"',
    'documentId STARTS WITH "secret"',
    '_vectors EXISTS',
    'tags = "public" OR NOT tags = "public"',
    'tags IS NOT EMPTY',
    'tags IS NULL OR tags EXISTS',
    `${'tags = "secret" OR '.repeat(100)}tags = "secret"`,
    'tags = "public" AND tags = "secret"',
    'hasVector = true OR hasVector = false',
    'ordinal >= 0',
    '""',
    'OR',
    'AND tags = "secret"',
  ];
  const variants: Record<string, string>[] = [
    { mode: 'keyword' },
    { mode: 'hybrid' },
    { mode: 'semantic' },
    { mode: 'hybrid', groupBy: 'document' },
    { mode: 'keyword', facets: 'tags,documentId' },
    { mode: 'hybrid', facets: 'tags', q: '' },
    { mode: 'keyword', limit: '0', facets: 'tags' },
  ];

  it(`over ${hostile.length} hostile filters × ${variants.length} parameter sets, returns only in-scope chunks (or a 400)`, async () => {
    const { key } = await mint({ description: 'public only', filter: 'tags = "public"', rateLimitPerMinute: 100_000 });
    let answered = 0;
    for (const filter of hostile) {
      for (const v of variants) {
        const params = { q: '資料', ...v, ...(filter ? { filter } : {}), limit: v.limit ?? '20' };
        const { status, body } = await searchAs(key, params);
        expect([200, 400], `${filter} ${JSON.stringify(v)}: ${status}`).toContain(status);
        if (status !== 200) continue;
        answered++;
        expect(
          body.hits.filter((h) => h.documentId.startsWith('secret')),
          `${filter} ${JSON.stringify(v)}`,
        ).toEqual([]);
        const facets = body.facetDistribution ?? {};
        expect(facets.tags?.secret ?? 0, `${filter} ${JSON.stringify(v)}`).toBe(0);
        expect(Object.keys(facets.documentId ?? {}).filter((d) => d.startsWith('secret'))).toEqual([]);
      }
    }
    // The unfiltered and the narrowing filters were answered: the test would see a leak there.
    expect(answered).toBeGreaterThan(variants.length * 4);
    const open = await searchAs(SEARCH, { q: '資料', mode: 'keyword', limit: '20' });
    expect(open.body.hits.some((h) => h.documentId.startsWith('secret'))).toBe(true);
  });

  it('reads a document by id only within its filter, and only with documents.get', async () => {
    const reader = await mint({
      description: 'reader',
      filter: 'tags = "public"',
      actions: ['search', 'documents.get'],
    });
    const searcher = await mint({ description: 'searcher', filter: 'tags = "public"' });
    expect((await request('/documents/public-0', { headers: bearer(reader.key) })).status).toBe(200);
    const secret = await request('/documents/secret-0', { headers: bearer(reader.key) });
    expect(secret.status).toBe(404);
    expect(((await secret.json()) as SearchBody).error?.code).toBe('document_not_found');
    expect((await request('/documents/public-0', { headers: bearer(searcher.key) })).status).toBe(403);
    expect((await request('/documents/secret-0', { headers: bearer(SEARCH) })).status).toBe(200);
  });
});

describe('origins and CORS per key', () => {
  it('holds a key to its origins, and answers the preflight for them', async () => {
    const { key } = await mint({ description: 'shop', origins: ['https://shop.example'] });
    expect((await searchAs(key, { q: '庭園', mode: 'keyword' })).status).toBe(403);
    const elsewhere = await searchAs(key, { q: '庭園', mode: 'keyword' }, { origin: 'https://evil.example' });
    expect(elsewhere.status).toBe(403);
    expect((elsewhere.body as unknown as { error: { code: string; message: string } }).error).toEqual({
      code: 'wrong_origin',
      message: 'this key is for pages on https://shop.example',
    });
    const ok = await searchAs(key, { q: '庭園', mode: 'keyword' }, { origin: 'https://shop.example' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    // So a widget may read how long a 429 asks it to wait.
    expect(ok.headers.get('access-control-expose-headers')).toBe('Retry-After');
    const preflight = (origin: string) =>
      request('/search', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
    const allowed = await preflight('https://shop.example');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    const post = await request(
      '/search',
      json({ q: '庭園', mode: 'keyword' }, bearer(key, { origin: 'https://shop.example' })),
    );
    expect(post.status).toBe(200);
  });
});

describe('rate limits', () => {
  it("answers 429 with Retry-After over a key's limit, leaves other keys alone, and counts it", async () => {
    const slow = await mint({ description: 'slow', rateLimitPerMinute: 3 });
    const other = await mint({ description: 'other', rateLimitPerMinute: 3 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await searchAs(slow.key, { q: '庭園', mode: 'keyword' })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await searchAs(slow.key, { q: '庭園', mode: 'keyword' });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.body.error?.code).toBe('rate_limited');
    expect((await searchAs(other.key, { q: '庭園', mode: 'keyword' })).status).toBe(200);
    const metrics = await (await request('/metrics', { headers: admin })).text();
    expect(metrics).toMatch(/kensaku_rate_limited_total\{scope="key"\} 2/);
  });

  it('limits keyless callers of an open service per address', async () => {
    const open = await startTestService({ RATE_LIMIT_ANON_PER_MINUTE: '2' }, { embeddings: false });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await open.app.request('/search?q=%E5%BA%AD%E5%9C%92&mode=keyword')).status);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await open.close();
    }
  });
});
