import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexViaApi, startTestService, type TestService } from './helpers/service.ts';

const ADMIN = 'admin-key-0123456789';
const SEARCH = 'search-key-0123456789';
let secured: TestService;
let open: TestService;

beforeAll(async () => {
  [secured, open] = await Promise.all([
    startTestService({ ADMIN_KEY: ADMIN, SEARCH_KEY: SEARCH, CORS_ORIGINS: 'https://widget.example' }),
    startTestService({}, { embeddings: false }),
  ]);
  await indexViaApi(
    secured.app,
    { id: 'doc', text: '普天間問題に関する段落です。' },
    { authorization: `Bearer ${ADMIN}` },
  );
});
afterAll(async () => {
  await secured?.close();
  await open?.close();
});

type Route = [method: string, path: string, body?: unknown];
// Every route, with what each key may do: public, search (search or admin key), admin (admin key only).
const matrix: [Route, 'public' | 'search' | 'admin'][] = [
  [['GET', '/health'], 'public'],
  [['GET', '/'], 'public'],
  [['GET', '/widget.js'], 'public'],
  [['GET', '/openapi.json'], 'public'],
  [['GET', '/docs'], 'public'],
  [['GET', '/search?q=普天間'], 'search'],
  [['POST', '/search', { q: '普天間' }], 'search'],
  [['GET', '/suggest?q=ふて'], 'search'],
  [['GET', '/documents/doc'], 'search'],
  // A queryId no search gave: 400 for whoever may send events.
  [['POST', '/events', { type: 'click', queryId: 'x.y', chunkId: 'doc#0', position: 1 }], 'search'],
  [['GET', '/analytics/top'], 'admin'],
  [['GET', '/analytics/no-results'], 'admin'],
  [['GET', '/analytics/low-ctr'], 'admin'],
  [['GET', '/analytics/clicks'], 'admin'],
  [['GET', '/analytics/searches'], 'admin'],
  [['GET', '/documents'], 'admin'],
  [['POST', '/documents', { id: 'new', text: '新しい文書です。' }], 'admin'],
  [['DELETE', '/documents/doc-to-keep'], 'admin'],
  [['GET', '/tasks/00000000-0000-0000-0000-000000000000'], 'admin'],
  [['GET', '/metrics'], 'admin'],
  [['GET', '/synonyms'], 'admin'],
  [['PUT', '/synonyms', {}], 'admin'],
  [['GET', '/keys'], 'admin'],
  [['POST', '/keys', { description: 'matrix' }], 'admin'],
  [['DELETE', '/keys/0000000000000000'], 'admin'],
  [['GET', '/sources'], 'admin'],
  // A refused body: the admin's request is answered 400 and starts no crawl.
  [['POST', '/sources', { url: 'ftp://example.com/' }], 'admin'],
  [['GET', '/sources/none'], 'admin'],
  [['DELETE', '/sources/none'], 'admin'],
  [['GET', '/backups'], 'admin'],
  [['POST', '/backups'], 'admin'],
];

const call = (svc: TestService, [method, path, body]: Route, key?: string) =>
  svc.app.request(path, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });

describe('auth matrix: every route × no key / search key / admin key / wrong key', () => {
  it.each(matrix)('%j is %s', async (route, level) => {
    const none = await call(secured, route);
    const wrong = await call(secured, route, 'not-a-key');
    const search = await call(secured, route, SEARCH);
    const admin = await call(secured, route, ADMIN);
    const allowed = (s: number) => s !== 401 && s !== 403;
    expect(allowed(admin.status)).toBe(true);
    if (level === 'public') {
      expect([none, wrong, search].map((r) => allowed(r.status))).toEqual([true, true, true]);
    } else {
      expect(none.status).toBe(401);
      expect(wrong.status).toBe(401);
      expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
      expect(search.status).toBe(level === 'search' ? search.status : 403);
      expect(allowed(search.status)).toBe(level === 'search');
    }
  });

  it('leaves everything open on loopback when no key is configured', async () => {
    for (const [route] of matrix) expect([401, 403]).not.toContain((await call(open, route)).status);
  });
});

describe('secrets and CORS', () => {
  it('never sends the Meilisearch master key to a client', async () => {
    const key = secured.core.meili.apiKey!;
    for (const [route] of matrix) {
      const res = await call(secured, route, ADMIN);
      expect(await res.text()).not.toContain(key);
    }
  });

  it('allows search from an allowlisted widget origin only', async () => {
    const preflight = (origin: string) =>
      secured.app.request('/search', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      });
    const ok = await preflight('https://widget.example');
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://widget.example');
    expect(ok.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const events = await secured.app.request('/events', {
      method: 'OPTIONS',
      headers: { origin: 'https://widget.example', 'access-control-request-method': 'POST' },
    });
    expect(events.headers.get('access-control-allow-origin')).toBe('https://widget.example');
  });
});
