import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentIdOf } from '../crawler/url.ts';
import { html, startSite, type Site } from './helpers/crawl-site.ts';
import { startTestService, type TestService } from './helpers/service.ts';
import { waitFor } from './helpers/wait.ts';

// POST /sources on a site that breaks: a re-crawl that cannot reach its start fails, says why, and deletes nothing.

let svc: TestService;
let site: Site;
const json = { 'content-type': 'application/json' };
const request = (path: string, init: RequestInit = {}) => svc.app.request(path, init);
const post = (body: unknown) => request('/sources', { method: 'POST', body: JSON.stringify(body), headers: json });

interface Task {
  status: string;
  counts: Record<string, number>;
  errors: { documentId: string; message: string }[];
}
async function crawl(body: unknown): Promise<Task> {
  const res = await post(body);
  expect(res.status).toBe(202);
  const { taskId } = (await res.json()) as { taskId: string };
  return waitFor(`crawl task ${taskId}`, async () => {
    const task = (await (await request(`/tasks/${taskId}`)).json()) as Task;
    return task.status === 'succeeded' || task.status === 'failed' ? task : undefined;
  });
}
const PAGES = ['/docs/', '/docs/harbor', '/docs/bridge', '/docs/market'];
const documentStatuses = async () =>
  Promise.all(
    PAGES.map(async (p) => (await request(`/documents/${encodeURIComponent(documentIdOf(site.url(p)))}`)).status),
  );

beforeAll(async () => {
  svc = await startTestService();
  site = await startSite({
    '/docs/': html('ドキュメント', '横浜港の歴史を案内するサイトです。', { links: PAGES.slice(1) }),
    '/docs/harbor': html('港の歴史', '横浜港は1859年に開港した。'),
    '/docs/bridge': html('ベイブリッジ', '横浜ベイブリッジは1989年に開通した。'),
    '/docs/market': html('中央市場', '横浜市中央卸売市場は1931年に開場した。'),
  });
});
afterAll(async () => {
  await site?.stop();
  await svc?.close();
});

describe('crawl safety through POST /sources', () => {
  it('refuses a source whose include or exclude patterns leave out its own start URL, with 400 naming the field', async () => {
    const cases = [
      [{ include: ['['] }, /^include: the start URL .* is not matched by an include pattern/],
      [{ include: ['/guide/**'] }, /^include: /],
      [{ exclude: ['/docs/**'] }, /^exclude: the start URL .* is matched by an exclude pattern/],
    ] as const;
    for (const [patterns, message] of cases) {
      const res = await post({ id: 'refused', url: site.url('/docs/'), ...patterns });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        error: { code: 'invalid_request', message: expect.stringMatching(message) },
      });
    }
    const { sources } = (await (await request('/sources')).json()) as { sources: { sourceId: string }[] };
    expect(sources.map((s) => s.sourceId)).not.toContain('refused');
  });

  it('a re-crawl whose start page fails or is refused by robots.txt fails, says why, and keeps every document', async () => {
    const source = { id: 'yokohama', url: site.url('/docs/') };
    expect(await crawl(source)).toMatchObject({ status: 'succeeded', counts: { added: 4, failed: 0 } });
    expect(await documentStatuses()).toEqual([200, 200, 200, 200]);

    const cases: [() => void, string][] = [
      [() => site.set('/docs/', { body: 'maintenance', status: 503 }), 'HTTP 503'],
      [
        () => site.set('/robots.txt', { body: 'User-agent: *\nDisallow: /docs/', type: 'text/plain' }),
        'disallowed by robots.txt',
      ],
    ];
    for (const [breakIt, why] of cases) {
      breakIt();
      const reason = `the start page could not be crawled (${why}): nothing was deleted`;
      const task = await crawl(source);
      expect(task.status, why).toBe('failed');
      expect(task.counts.deleted, why).toBe(0);
      expect(task.errors, why).toContainEqual({ documentId: site.url('/docs/'), message: reason });
      const shown = (await (await request('/sources/yokohama')).json()) as {
        lastCrawl: { error?: string; failures: { url: string; reason: string }[]; counts: { deleted: number } };
      };
      expect(shown.lastCrawl.error, why).toBe(reason);
      expect(shown.lastCrawl.failures, why).toContainEqual({ url: site.url('/docs/'), reason });
      expect(shown.lastCrawl.counts.deleted, why).toBe(0);
      expect(await documentStatuses(), why).toEqual([200, 200, 200, 200]);
      site.set('/robots.txt', undefined);
      site.set('/docs/', html('ドキュメント', '横浜港の歴史を案内するサイトです。', { links: PAGES.slice(1) }));
    }

    // Healthy again, and the start page no longer links the market: now its page goes, and only it.
    site.set('/docs/', html('ドキュメント', '横浜港の歴史を案内するサイトです。', { links: PAGES.slice(1, 3) }));
    const healed = await crawl(source);
    expect(healed).toMatchObject({ status: 'succeeded', counts: { deleted: 1, failed: 0 } });
    expect(await documentStatuses()).toEqual([200, 200, 200, 404]);
    const shown = (await (await request('/sources/yokohama')).json()) as { lastCrawl: { error?: string } };
    expect(shown.lastCrawl.error).toBeUndefined();
  });
});
