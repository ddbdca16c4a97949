/**
 * The browser code's search client (web/shared/client.ts) over real HTTP on 127.0.0.1: a tiny server whose answers
 * each test picks, then the real kensaku app (real Meilisearch, keys configured; keyword mode, so no query model is loaded).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { errorBody } from '../api/errors.ts';
import { createSearchClient, searchUrl, type SearchOutcome } from '../web/shared/client.ts';
import { facetFilter } from '../web/shared/facet-filter.ts';
import { serveFetch, type HttpHandle } from './helpers/browser-env.ts';
import { indexViaApi, startTestService, type TestService } from './helpers/service.ts';

interface Seen {
  url: string;
  authorization: string | undefined;
  /** The client went away before the answer was written. */
  aborted: Promise<boolean>;
}
type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const okBody = (q: string) => ({
  query: q,
  mode: 'keyword',
  hits: [],
  estimatedTotalHits: 0,
  degraded: [],
  warnings: {},
});
const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

describe('search client against a loopback server', () => {
  let origin = '';
  let close: () => Promise<void>;
  let handler: Handler;
  let seen: Seen[] = [];
  const held: Array<() => void> = [];

  beforeAll(async () => {
    const server = createServer((req, res) => {
      seen.push({
        url: req.url ?? '',
        authorization: req.headers.authorization,
        aborted: new Promise((resolve) => res.on('close', () => resolve(!res.writableEnded))),
      });
      handler(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
  });
  afterAll(() => close());
  beforeEach(() => {
    seen = [];
    handler = (req, res) => json(res, 200, okBody(new URL(req.url!, origin).searchParams.get('q')!));
  });

  it('sends the query, the bearer key and Accept: application/json, and types the answer', async () => {
    const client = createSearchClient({ api: origin, key: () => 'the-key' });
    const out = await client.search({ q: '普天間 移設&x', mode: 'keyword', limit: 5, groupBy: 'document' });
    expect(out).toEqual({ ok: true, body: okBody('普天間 移設&x') });
    expect(seen).toHaveLength(1);
    expect(seen[0].authorization).toBe('Bearer the-key');
    const url = new URL(seen[0].url, origin);
    expect(url.pathname).toBe('/search');
    expect([...url.searchParams]).toEqual([
      ['q', '普天間 移設&x'],
      ['mode', 'keyword'],
      ['limit', '5'],
      ['groupBy', 'document'],
    ]);
    expect(client.pending).toBe(false);
  });

  it('sends the facet as facets= and the filter URL-encoded, as the server reads them back', async () => {
    const client = createSearchClient({ api: origin, key: () => '' });
    const filter = 'tags = "a \\"b\\" & c=d%20#x"';
    await client.search({ q: '庭園', mode: 'hybrid', limit: 5, facet: 'tags', filter });
    const url = new URL(seen[0].url, origin);
    expect([...url.searchParams]).toEqual([
      ['q', '庭園'],
      ['mode', 'hybrid'],
      ['limit', '5'],
      ['facets', 'tags'],
      ['filter', filter],
    ]);
  });

  it('reads the key at each request and sends none when it is empty', async () => {
    let key = '';
    const client = createSearchClient({ api: origin, key: () => key });
    await client.search({ q: 'a', mode: 'hybrid', limit: 10 });
    key = 'later';
    await client.search({ q: 'b', mode: 'hybrid', limit: 10, offset: 10 });
    expect(seen.map((s) => s.authorization)).toEqual([undefined, 'Bearer later']);
    expect(new URL(seen[1].url, origin).searchParams.get('offset')).toBe('10');
  });

  it('aborts a superseded request: the server sees it go, the caller gets null, the latest answer wins', async () => {
    handler = (req, res) => {
      const q = new URL(req.url!, origin).searchParams.get('q')!;
      if (q === 'slow') held.push(() => json(res, 200, okBody(q)));
      else json(res, 200, okBody(q));
    };
    const client = createSearchClient({ api: origin, key: () => '' });
    const first = client.search({ q: 'slow', mode: 'hybrid', limit: 5 });
    await expect.poll(() => seen.length).toBe(1);
    expect(client.pending).toBe(true);
    const second = client.search({ q: 'fast', mode: 'hybrid', limit: 5 });
    expect(await first).toBeNull();
    expect(await seen[0].aborted).toBe(true);
    expect(await second).toEqual({ ok: true, body: okBody('fast') });
    held.splice(0).forEach((answer) => answer());
  });

  it('drops a stale answer that still arrives (an abort that does not stop the request)', async () => {
    const saved = globalThis.AbortController;
    let release!: () => void;
    handler = (req, res) => {
      const q = new URL(req.url!, origin).searchParams.get('q')!;
      if (q === 'old') release = () => json(res, 200, okBody(q));
      else json(res, 200, okBody(q));
    };
    try {
      globalThis.AbortController = class extends saved {
        override abort() {} // the request goes on and is answered
      };
      const client = createSearchClient({ api: origin, key: () => '' });
      const older = client.search({ q: 'old', mode: 'hybrid', limit: 5 });
      await expect.poll(() => seen.length).toBe(1);
      expect(await client.search({ q: 'new', mode: 'hybrid', limit: 5 })).toEqual({ ok: true, body: okBody('new') });
      release();
      expect(await older).toBeNull();
      expect(await seen[0].aborted).toBe(false); // it was answered, and ignored
    } finally {
      globalThis.AbortController = saved;
    }
  });

  it('cancel() aborts the request in flight and drops its answer', async () => {
    handler = (_req, res) => held.push(() => json(res, 200, okBody('x')));
    const client = createSearchClient({ api: origin, key: () => '' });
    const pending = client.search({ q: 'x', mode: 'hybrid', limit: 5 });
    await expect.poll(() => seen.length).toBe(1);
    client.cancel();
    expect(client.pending).toBe(false);
    expect(await pending).toBeNull();
    expect(await seen[0].aborted).toBe(true);
    held.splice(0).forEach((answer) => answer());
  });

  const answerWith = async (status: number, body: string, type = 'application/json'): Promise<SearchOutcome | null> => {
    handler = (_req, res) => res.writeHead(status, { 'content-type': type }).end(body);
    return createSearchClient({ api: origin, key: () => '' }).search({ q: 'x', mode: 'hybrid', limit: 5 });
  };

  it("parses the API's {error:{code,message}} shape from any status", async () => {
    const down = JSON.stringify(errorBody('meilisearch_unavailable', 'Meilisearch is not answering'));
    expect(await answerWith(503, down)).toEqual({
      ok: false,
      failure: { kind: 'http', status: 503, code: 'meilisearch_unavailable', message: 'Meilisearch is not answering' },
    });
    expect(await answerWith(502, '<html>Bad Gateway</html>', 'text/html')).toEqual({
      ok: false,
      failure: { kind: 'http', status: 502, code: null, message: null },
    });
    expect(await answerWith(500, JSON.stringify({ error: 'plain string' }))).toEqual({
      ok: false,
      failure: { kind: 'http', status: 500, code: null, message: null },
    });
  });

  it('a 2xx that is not a search response is a bad_response', async () => {
    for (const body of ['not json', '{"results":[]}', 'null', '[1,2]']) {
      expect(await answerWith(200, body), body).toEqual({
        ok: false,
        failure: { kind: 'bad_response', status: 200, code: null, message: null },
      });
    }
  });

  it('no answer at all is an unreachable server with status 0', async () => {
    const down = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as AddressInfo;
        s.close(() => resolve(port));
      });
    });
    const out = await createSearchClient({ api: `http://127.0.0.1:${down}`, key: () => '' }).search({
      q: 'x',
      mode: 'hybrid',
      limit: 5,
    });
    expect(out).toEqual({ ok: false, failure: { kind: 'unreachable', status: 0, code: null, message: null } });
  });

  it('a key an HTTP header cannot carry (a placeholder left in the page) is named, and nothing is sent', async () => {
    let requests = 0;
    const server = createServer((_, res) => {
      requests++;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const out = await createSearchClient({ api: `http://127.0.0.1:${port}`, key: () => '検索キー' }).search({
        q: 'x',
        mode: 'hybrid',
        limit: 5,
      });
      expect(out).toEqual({ ok: false, failure: { kind: 'bad_key', status: 0, code: null, message: null } });
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });
});

describe('search client against the real kensaku API', () => {
  const ADMIN = 'admin-key-web-client';
  const SEARCH = 'search-key-web-client';
  let service: TestService;
  let api: HttpHandle;

  beforeAll(async () => {
    service = await startTestService({ ADMIN_KEY: ADMIN, SEARCH_KEY: SEARCH }, { embeddings: false });
    api = await serveFetch(service.app.fetch);
    const task = await indexViaApi(
      service.app,
      {
        documents: [
          { id: 'web-client-doc', title: '基地の文書', text: '普天間飛行場の移設について。' },
          { id: 'web-client-garden', text: '兼六園は日本庭園である。', tags: ['garden'] },
          { id: 'web-client-quoted', text: '後楽園も日本庭園である。', tags: ['a "quoted" tag'] },
        ],
      },
      { authorization: `Bearer ${ADMIN}` },
    );
    expect(task).toMatchObject({ status: 'succeeded' });
  });
  afterAll(async () => {
    await api?.close();
    await service?.close();
  });

  it('with the search key: a typed search response whose hit is the document', async () => {
    const out = await createSearchClient({ api: api.origin, key: () => SEARCH }).search({
      q: '普天間',
      mode: 'keyword',
      limit: 5,
    });
    if (!out?.ok) throw new Error(`expected a search response: ${JSON.stringify(out)}`);
    expect(out.body.mode).toBe('keyword');
    expect(out.body.hits[0]).toMatchObject({ documentId: 'web-client-doc', title: '基地の文書' });
    expect(out.body.hits[0].snippet).toContain('<mark>普天間');
  });

  it('a facet and a filter from facetFilter: the counts, and the hits of that value only', async () => {
    const client = createSearchClient({ api: api.origin, key: () => SEARCH });
    const counted = await client.search({ q: '庭園', mode: 'keyword', limit: 10, facet: 'tags' });
    if (!counted?.ok) throw new Error(`expected a search response: ${JSON.stringify(counted)}`);
    expect(counted.body.facetDistribution).toEqual({ tags: { garden: 1, 'a "quoted" tag': 1 } });
    const narrowed = await client.search({
      q: '庭園',
      mode: 'keyword',
      limit: 10,
      filter: facetFilter('tags', 'a "quoted" tag'),
    });
    if (!narrowed?.ok) throw new Error(`expected a search response: ${JSON.stringify(narrowed)}`);
    expect(narrowed.body.hits.map((h) => h.documentId)).toEqual(['web-client-quoted']);
  });

  it('with a wrong key: the 401 with its code and message', async () => {
    const out = await createSearchClient({ api: api.origin, key: () => 'wrong' }).search({
      q: '普天間',
      mode: 'keyword',
      limit: 5,
    });
    expect(out).toMatchObject({ ok: false, failure: { kind: 'http', status: 401, code: 'unauthorized' } });
    expect(out?.ok === false && out.failure.message).toEqual(expect.any(String));
  });

  it('an invalid request: the 400 invalid_request the API explains', async () => {
    const out = await createSearchClient({ api: api.origin, key: () => SEARCH }).search({
      q: 'x',
      mode: 'keyword',
      limit: 1000,
    });
    expect(out).toMatchObject({ ok: false, failure: { kind: 'http', status: 400, code: 'invalid_request' } });
    expect(out?.ok === false && out.failure.message).toContain('limit');
  });
});

it('searchUrl: offset 0, no groupBy, no facet and no filter are left out', () => {
  expect(searchUrl('https://s.example', { q: 'a b', mode: 'semantic', limit: 3, offset: 0 })).toBe(
    'https://s.example/search?q=a%20b&mode=semantic&limit=3',
  );
  expect(searchUrl('https://s.example', { q: 'a', mode: 'keyword', limit: 3, facet: '', filter: '' })).toBe(
    'https://s.example/search?q=a&mode=keyword&limit=3',
  );
});
