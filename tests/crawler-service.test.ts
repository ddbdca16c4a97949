import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CachedEmbedder } from '../embeddings/index.ts';
import { documentIdOf } from '../crawler/url.ts';
import { startTestService, type TestService } from './helpers/service.ts';
import { html, startSite, type Site } from './helpers/crawl-site.ts';

let svc: TestService;
let site: Site;

const json = { 'content-type': 'application/json' };
const request = (path: string, init: RequestInit = {}) => svc.app.request(path, init);
const post = (body: unknown) => request('/sources', { method: 'POST', body: JSON.stringify(body), headers: json });

async function finished(taskId: string) {
  for (let i = 0; i < 1200; i++) {
    const task = (await (await request(`/tasks/${taskId}`)).json()) as {
      status: string;
      counts: Record<string, number>;
      errors: { documentId: string; message: string }[];
      progress: { documentsDone: number; documentsTotal: number };
    };
    if (task.status === 'succeeded' || task.status === 'failed') return task;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`task ${taskId} did not finish`);
}

async function crawl(body: unknown) {
  const res = await post(body);
  expect(res.status).toBe(202);
  const { taskId, source } = (await res.json()) as { taskId: string; source: { sourceId: string } };
  return { task: await finished(taskId), sourceId: source.sourceId, taskId };
}

/** Texts the pipeline asked the embedder for: the model's own (stats) and those the disk cache answered. */
const embedded = () => {
  const e = svc.core.indexEmbedder as CachedEmbedder;
  return e.stats.passagesEmbedded + e.cacheStats.passageHits;
};

const docId = (path: string) => documentIdOf(site.url(path));
const documentStatus = async (path: string) => (await request(`/documents/${encodeURIComponent(docId(path))}`)).status;

beforeAll(async () => {
  svc = await startTestService();
  site = await startSite({
    '/docs/': html('ドキュメント', '横浜港の歴史を案内するサイトです。', {
      links: ['/docs/harbor', '/docs/bridge', '/docs/market', '/docs/old'],
    }),
    '/docs/harbor': html('港の歴史', '横浜港は1859年に開港し、生糸の輸出で栄えた。'),
    '/docs/bridge': html('ベイブリッジ', '横浜ベイブリッジは1989年に開通した斜張橋である。'),
    '/docs/market': html('中央市場', '横浜市中央卸売市場は1931年に開場した。'),
    '/docs/old': html('旧ページ', 'この古いページはやがて削除される予定の案内である。'),
  });
});
afterAll(async () => {
  await site?.stop();
  await svc?.close();
});

describe('POST /sources: a crawl as a durable task', () => {
  it('crawls a site into the index; GET /sources shows its last crawl; hits link to their page', async () => {
    const { task, sourceId } = await crawl({ id: 'yokohama', url: site.url('/docs/'), tags: ['site:yokohama'] });
    expect(task).toMatchObject({ status: 'succeeded', counts: { seen: 5, added: 5, failed: 0 }, errors: [] });
    expect(task.progress.documentsDone).toBe(5);
    const { sources } = (await (await request('/sources')).json()) as {
      sources: { sourceId: string; lastCrawl: { counts: Record<string, number> } }[];
    };
    expect(sources.find((s) => s.sourceId === sourceId)?.lastCrawl.counts).toMatchObject({
      seen: 5,
      added: 5,
      updated: 0,
      unchanged: 0,
      deleted: 0,
      failed: 0,
    });
    const search = (await (
      await request(
        `/search?q=${encodeURIComponent('ベイブリッジ 斜張橋')}&mode=keyword&filter=${encodeURIComponent('tags = "site:yokohama"')}`,
      )
    ).json()) as { hits: { documentId: string; url?: string }[] };
    expect(search.hits[0]).toMatchObject({ documentId: docId('/docs/bridge') });
    expect(search.hits[0].url?.startsWith(site.url('/docs/bridge'))).toBe(true);
  });

  it('re-crawls incrementally: unchanged pages are not re-embedded, a changed page is, a page now 404 is deleted', async () => {
    const before = embedded();
    const again = await crawl({ id: 'yokohama', url: site.url('/docs/'), tags: ['site:yokohama'] });
    expect(again.task.counts).toMatchObject({ seen: 5, added: 0, updated: 0, unchanged: 5, deleted: 0, failed: 0 });
    expect(embedded()).toBe(before);

    site.set('/docs/market', html('中央市場', '横浜市中央卸売市場は1931年に開場し、今も早朝のせりで知られる。'));
    site.set('/docs/old', undefined);
    const changed = await crawl({ id: 'yokohama', url: site.url('/docs/'), tags: ['site:yokohama'] });
    expect(changed.task.counts).toMatchObject({ seen: 5, added: 0, updated: 1, unchanged: 3, deleted: 1, failed: 0 });
    // Only the changed page's chunks went to the embedder.
    expect(embedded() - before).toBeGreaterThan(0);
    expect(embedded() - before).toBeLessThanOrEqual(2);
    expect(await documentStatus('/docs/old')).toBe(404);
    expect(await documentStatus('/docs/market')).toBe(200);
  });

  it('refuses a bad source with a 400 naming the field, and an unknown one with 404', async () => {
    const cases = [
      [{ url: 'ftp://example.com/' }, /url/],
      [{ url: site.url('/'), concurrency: 0 }, /concurrency/],
      [
        { url: site.url('/'), extraction: { contentSelector: 'div[' } },
        /contentSelector: "div\[" is not a valid CSS selector/,
      ],
      [{ url: site.url('/'), id: '../x' }, /id/],
      [{ url: site.url('/'), bogus: true }, /bogus|Unrecognized/i],
    ] as const;
    for (const [body, message] of cases) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        error: { code: 'invalid_request', message: expect.stringMatching(message) },
      });
    }
    const gone = await request('/sources/nothing-here', { method: 'DELETE' });
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ error: { code: 'source_not_found' } });
  });

  it('DELETE /sources/{id} removes the source and every document of its pages', async () => {
    const other = await startSite({ '/': html('削除用', '消されるサイトの唯一のページです。') });
    try {
      const { sourceId } = await crawl({ id: 'to-delete', url: other.url('/') });
      expect((await request(`/documents/${encodeURIComponent(documentIdOf(other.url('/')))}`)).status).toBe(200);
      const res = await request(`/sources/${sourceId}`, { method: 'DELETE' });
      expect(res.status).toBe(202);
      const task = await finished(((await res.json()) as { taskId: string }).taskId);
      expect(task).toMatchObject({ status: 'succeeded', counts: { deleted: 1 } });
      expect((await request(`/documents/${encodeURIComponent(documentIdOf(other.url('/')))}`)).status).toBe(404);
      const { sources } = (await (await request('/sources')).json()) as { sources: { sourceId: string }[] };
      expect(sources.map((s) => s.sourceId)).not.toContain('to-delete');
      // The other source is untouched.
      expect(await documentStatus('/docs/harbor')).toBe(200);
    } finally {
      await other.stop();
    }
  });

  it("re-crawls a source with an interval on the server's timer", async () => {
    const timed = await startSite({ '/': html('定期', '定期的に読み直されるページ。') });
    try {
      const { taskId } = await crawl({ id: 'timed', url: timed.url('/'), recrawlSeconds: 1 });
      const deadline = Date.now() + 60_000;
      let later: string | undefined;
      while (Date.now() < deadline) {
        const source = (await (await request('/sources/timed')).json()) as { lastCrawl: { taskId: string } | null };
        if (source.lastCrawl && source.lastCrawl.taskId !== taskId) {
          later = source.lastCrawl.taskId;
          break;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(later).toBeDefined();
      // Each re-crawl asked for the page again (with its ETag, answered 304).
      expect(timed.hits('/')).toBeGreaterThanOrEqual(2);
      await finished(
        ((await (await request('/sources/timed', { method: 'DELETE' })).json()) as { taskId: string }).taskId,
      );
    } finally {
      await timed.stop();
    }
  });
});
