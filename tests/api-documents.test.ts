import Encoding from 'encoding-japanese';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexViaApi, startTestService, type TestService } from './helpers/service.ts';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService({ BODY_LIMIT_MB: '0.05' });
});
afterAll(() => svc?.close());

const keywordHits = async (q: string) => {
  const res = await svc.app.request(`/search?mode=keyword&q=${encodeURIComponent(q)}`);
  return ((await res.json()) as { hits: { documentId: string; text: string }[] }).hits;
};

describe('POST /documents and tasks', () => {
  it('indexes one document and reports it through the task', async () => {
    const task = (await indexViaApi(svc.app, {
      id: 'one',
      title: '単独',
      text: '東京タワーは高さ333メートルの電波塔である。',
      tags: ['tokyo'],
    })) as Record<string, any>;
    expect(task.status).toBe('succeeded');
    expect(task.counts.added).toBe(1);
    expect((await keywordHits('東京タワー'))[0].documentId).toBe('one');
    const info = (await (await svc.app.request('/documents/one')).json()) as Record<string, unknown>;
    expect(info).toMatchObject({
      documentId: 'one',
      title: '単独',
      chunkCount: 1,
      tags: ['tokyo'],
      vectorsComplete: true,
    });
  });

  it('fails a bad document alone and indexes the rest of the batch', async () => {
    const task = (await indexViaApi(svc.app, {
      documents: [
        { id: 'good', text: '富士山は日本で最も高い山である。' },
        { id: 'bad', text: '' },
        { title: 'no id' },
      ],
    })) as Record<string, any>;
    expect(task.status).toBe('succeeded');
    expect(task.counts.added).toBe(1);
    expect(task.counts.failed).toBe(2);
    expect(task.errors.map((e: { documentId: string }) => e.documentId)).toEqual(['bad', '#2']);
    expect(task.errors[0].message).toMatch(/text/);
    expect((await keywordHits('富士山'))[0].documentId).toBe('good');
  });

  it('accepts NDJSON for bulk loads', async () => {
    const body = [
      '{"id":"n1","text":"琵琶湖は滋賀県にある湖である。"}',
      '{"id":"n2","text":"阿蘇山は熊本県の火山である。"}',
      'not json',
    ].join('\n');
    const res = await svc.app.request('/documents', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(res.status).toBe(202);
    await svc.built.tasks.idle();
    const task = (await (
      await svc.app.request(`/tasks/${((await res.json()) as { taskId: string }).taskId}`)
    ).json()) as Record<string, any>;
    expect(task.counts).toMatchObject({ added: 2, failed: 1 });
    expect(task.errors[0].message).toContain('line 3');
    expect((await keywordHits('阿蘇山'))[0].documentId).toBe('n2');
  });

  it('accepts a file in an indexer format as base64 (HTML, Shift_JIS text)', async () => {
    const html =
      '<html><head><title>城の話</title><script>var secret = "姫路城";</script></head><body><h2>姫路城</h2><p>姫路城は白鷺城とも呼ばれる。</p></body></html>';
    const task = (await indexViaApi(svc.app, {
      id: 'castle',
      filename: 'castle.html',
      contentBase64: Buffer.from(html).toString('base64'),
    })) as Record<string, any>;
    expect(task.counts.added).toBe(1);
    const hits = await keywordHits('白鷺城');
    expect(hits[0].documentId).toBe('castle');
    expect(hits[0].text).not.toContain('secret');
    const sjis = Buffer.from(
      Encoding.convert(Encoding.stringToCode('金閣寺は京都市北区にある寺院である。'), { to: 'SJIS', from: 'UNICODE' }),
    );
    expect(
      (await indexViaApi(svc.app, {
        id: 'kinkaku',
        filename: 'kinkaku.txt',
        contentBase64: sjis.toString('base64'),
      })) as Record<string, any>,
    ).toMatchObject({ status: 'succeeded' });
    expect((await keywordHits('金閣寺'))[0].text).toBe('金閣寺は京都市北区にある寺院である。');
    const bad = (await indexViaApi(svc.app, { id: 'bin', filename: 'x.exe', contentBase64: 'AAAA' })) as Record<
      string,
      any
    >;
    expect(bad.status).toBe('failed');
    expect(bad.errors[0].message).toMatch(/x\.exe/);
  });

  it('replaces a changed document and drops chunks that no longer exist', async () => {
    const long = Array.from({ length: 6 }, (_, i) =>
      `第${i + 1}段落の文章は長野県の高原について説明している。`.repeat(4),
    ).join('\n');
    await indexViaApi(svc.app, { id: 'changing', text: long });
    const before = (await (await svc.app.request('/documents/changing')).json()) as { chunkCount: number };
    expect(before.chunkCount).toBeGreaterThan(1);
    const task = (await indexViaApi(svc.app, {
      id: 'changing',
      text: '短くなった文書は沖縄県の海について述べる。',
    })) as Record<string, any>;
    expect(task.counts.updated).toBe(1);
    expect((await keywordHits('長野県')).filter((h) => h.documentId === 'changing')).toEqual([]);
    const chunks = await svc.core.store.getChunks('documentId = "changing"');
    expect(chunks.map((c) => c.ordinal)).toEqual([0]);
  });

  it('deletes a document with all its chunks; unknown ids get 404', async () => {
    await indexViaApi(svc.app, { id: 'gone', text: '削除される文書は北海道の雪について述べる。' });
    const res = await svc.app.request('/documents/gone', { method: 'DELETE' });
    expect(res.status).toBe(202);
    await svc.built.tasks.idle();
    expect((await svc.app.request('/documents/gone')).status).toBe(404);
    expect(await svc.core.store.getChunks('documentId = "gone"')).toEqual([]);
    const missing = await svc.app.request('/documents/never', { method: 'DELETE' });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('document_not_found');
    expect((await svc.app.request('/tasks/nope')).status).toBe(404);
  });

  it('lists the indexed documents a page at a time, with the total, as GET /documents/{id} shows each', async () => {
    await svc.built.tasks.idle();
    type Page = { documents: { documentId: string }[]; total: number; limit: number; offset: number };
    const page = async (query: string) => (await (await svc.app.request(`/documents?${query}`)).json()) as Page;
    const all = await page('limit=1000');
    expect(all.total).toBe(all.documents.length);
    expect(all.documents.map((d) => d.documentId)).toEqual(expect.arrayContaining(['one', 'good', 'n1', 'n2']));
    expect(all.documents.map((d) => d.documentId)).not.toContain('gone'); // deleted above
    for (const doc of all.documents)
      expect(doc).toEqual(await (await svc.app.request(`/documents/${encodeURIComponent(doc.documentId)}`)).json());
    const pages: string[] = [];
    for (let offset = 0; offset < all.total; offset += 2) {
      const p = await page(`limit=2&offset=${offset}`);
      expect(p).toMatchObject({ total: all.total, limit: 2, offset });
      pages.push(...p.documents.map((d) => d.documentId));
    }
    expect(pages).toEqual(all.documents.map((d) => d.documentId));
    expect((await page(`offset=${all.total}`)).documents).toEqual([]);
    for (const bad of ['limit=0', 'limit=5000', 'offset=-1', 'limit=many']) {
      const res = await svc.app.request(`/documents?${bad}`);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
    }
  });

  it('refuses a body over the limit with 413 and keeps what was indexed', async () => {
    const res = await svc.app.request('/documents', {
      method: 'POST',
      body: JSON.stringify({ id: 'huge', text: 'あ'.repeat(60_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    expect((await keywordHits('東京タワー'))[0].documentId).toBe('one');
  });

  it('rejects a body that is not JSON with 400', async () => {
    const res = await svc.app.request('/documents', {
      method: 'POST',
      body: '{oops',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
  });
});

describe('operations', () => {
  it('publishes an OpenAPI document covering every route, and a reference page', async () => {
    const spec = (await (await svc.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(spec.paths).sort()).toEqual(
      [
        '/analytics/clicks',
        '/analytics/low-ctr',
        '/analytics/no-results',
        '/analytics/searches',
        '/analytics/top',
        '/backups',
        '/documents',
        '/documents/{id}',
        '/events',
        '/health',
        '/keys',
        '/keys/{id}',
        '/rebuild',
        '/search',
        '/sources',
        '/sources/{id}',
        '/suggest',
        '/synonyms',
        '/tasks/{id}',
      ].sort(),
    );
    expect(Object.keys(spec.paths['/sources/{id}']).sort()).toEqual(['delete', 'get']);
    expect(Object.keys(spec.paths['/synonyms']).sort()).toEqual(['get', 'put']);
    expect(Object.keys(spec.paths['/keys']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(spec.paths['/keys/{id}'])).toEqual(['delete']);
    expect(Object.keys(spec.paths['/search']).sort()).toEqual(['get', 'post']);
    const page = await svc.app.request('/docs');
    expect(await page.text()).toContain('swagger-ui-bundle.js');
    expect((await svc.app.request('/docs/swagger-ui-bundle.js')).status).toBe(200);
  });

  it('counts requests per route and mode, and indexed documents, in Prometheus format', async () => {
    await svc.app.request('/search?q=test&mode=keyword');
    const text = await (await svc.app.request('/metrics')).text();
    expect(text).toMatch(
      /kensaku_http_requests_total\{method="GET",route="\/search",mode="keyword",status="200"\} \d+/,
    );
    expect(text).toMatch(/kensaku_indexed_documents_total\{outcome="added"\} [1-9]/);
    expect(text).toContain('kensaku_http_request_duration_seconds_bucket');
  });

  it('reports health with Meilisearch 1.21 and the model', async () => {
    const health = (await (await svc.app.request('/health')).json()) as Record<string, any>;
    expect(health.status).toBe('ok');
    expect(health.meilisearch).toMatchObject({ status: 'available' });
    expect(health.meilisearch.version).toMatch(/^1\.21\./);
    expect(health.embeddings).toMatchObject({ status: 'available', model: 'multilingual-e5-small', dimensions: 384 });
  });

  it('answers unknown routes with a JSON 404 and no stack trace', async () => {
    const res = await svc.app.request('/nope');
    expect(res.status).toBe(404);
    const body = await res.text();
    expect(JSON.parse(body).error.code).toBe('not_found');
    expect(body).not.toMatch(/at .*\.ts:\d+/);
  });
});
