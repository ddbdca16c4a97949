import { afterEach, describe, expect, it } from 'vitest';
import { createCrawler } from '../crawler/crawler.ts';
import { createMemoryState } from '../crawler/memory-state.ts';
import { checkSpec } from '../crawler/spec.ts';
import type { CrawlSpec } from '../crawler/types.ts';
import { documentIdOf } from '../crawler/url.ts';
import { html, listSink, startSite, type Site } from './helpers/crawl-site.ts';

// A crawl that could not reach its start must not take the pages it did not find for pages the site no longer has.

let sites: Site[] = [];
afterEach(async () => {
  await Promise.all(sites.map((s) => s.stop()));
  sites = [];
});

/** A site of 12 pages: `/docs/` links the other 11. */
async function twelvePages(): Promise<Site> {
  const pages: Record<string, string> = {
    '/docs/': html('目次', '十二ページの案内', { links: Array.from({ length: 11 }, (_, i) => `/docs/p${i}`) }),
  };
  for (let i = 0; i < 11; i++) pages[`/docs/p${i}`] = html(`ページ${i}`, `本文${i}は港の話です。`);
  const s = await startSite(pages);
  sites.push(s);
  return s;
}

function crawl(
  spec: Partial<CrawlSpec> & { url: string },
  state: ReturnType<typeof createMemoryState>,
  list: ReturnType<typeof listSink>,
) {
  return createCrawler({ spec: { id: 'docs', concurrency: 2, ...spec }, state, sink: list.sink }).run();
}

/** A first, good crawl of the twelve pages into a state and a sink. */
async function crawled(s: Site) {
  const state = createMemoryState();
  const list = listSink();
  const first = await crawl({ url: s.url('/docs/') }, state, list);
  expect(first.counts).toMatchObject({ added: 12, failed: 0 });
  expect(first.error).toBeUndefined();
  return { state, list };
}

describe('a crawl that cannot reach its start deletes nothing', () => {
  it('an include pattern that does not match the start page: nothing fetched, none of the 12 documents deleted', async () => {
    const s = await twelvePages();
    const { state, list } = await crawled(s);
    const requests = s.requests.length;
    const again = await crawl({ url: s.url('/docs/'), include: ['['] }, state, list);
    expect(again.error).toBe(
      "the start URL is outside the source's own patterns (not matched by an include pattern): nothing was crawled or deleted",
    );
    expect(again.counts).toMatchObject({ seen: 0, deleted: 0, failed: 1 });
    expect(again.failures).toEqual([{ url: s.url('/docs/'), reason: again.error }]);
    expect(list.deletes).toEqual([]);
    expect(list.docs.size).toBe(12);
    expect(s.requests.length).toBe(requests);
  });

  it('robots.txt now disallowing the start page, or the start page failing or gone: the same', async () => {
    const s = await twelvePages();
    const { state, list } = await crawled(s);
    const cases: [string, () => void, RegExp][] = [
      [
        'robots',
        () => s.set('/robots.txt', { body: 'User-agent: *\nDisallow: /docs/', type: 'text/plain' }),
        /^the start page could not be crawled \(disallowed by robots\.txt\): nothing was deleted$/,
      ],
      ['5xx', () => s.set('/docs/', { body: 'down', status: 503 }), /\(HTTP 503\): nothing was deleted$/],
      ['404', () => s.set('/docs/', undefined), /\(HTTP 404\): nothing was deleted$/],
    ];
    for (const [name, breakIt, reason] of cases) {
      s.set('/robots.txt', undefined);
      breakIt();
      const again = await crawl({ url: s.url('/docs/') }, state, list);
      expect(again.error, name).toMatch(reason);
      expect(again.counts.deleted, name).toBe(0);
      expect(again.failures.at(-1), name).toEqual({ url: s.url('/docs/'), reason: again.error });
      expect(list.deletes, name).toEqual([]);
      expect(list.docs.size, name).toBe(12);
    }
  });

  it('a sitemap crawl that fetches no page deletes nothing, and what it let go is deleted by the next good crawl', async () => {
    const s = await twelvePages();
    const sitemap = (paths: string[]) => ({
      body: `<urlset>${paths.map((p) => `<url><loc>${s.url(p)}</loc></url>`).join('')}</urlset>`,
      type: 'application/xml',
    });
    s.set('/sitemap.xml', sitemap(['/docs/p0', '/docs/p1', '/docs/p2']));
    const state = createMemoryState();
    const list = listSink();
    const spec = { url: s.url('/sitemap.xml'), sitemap: true };
    expect((await crawl(spec, state, list)).counts).toMatchObject({ added: 3 });

    // Every page gone or failing: not a site that emptied itself, a site that is broken.
    s.set('/docs/p0', undefined);
    s.set('/docs/p1', { body: 'down', status: 503 });
    s.set('/docs/p2', { body: 'down', status: 500 });
    const broken = await crawl(spec, state, list);
    expect(broken.error).toBe('none of the 3 pages requested could be fetched: nothing was deleted');
    expect(broken.counts).toMatchObject({ seen: 3, deleted: 0 });
    expect(list.docs.size).toBe(3);

    // The sitemap now lists only pages the source's patterns leave out.
    const outside = await crawl({ ...spec, include: ['/blog/**'] }, state, list);
    expect(outside.error).toBe("the sitemap listed no page within the source's patterns: nothing was deleted");
    expect(list.docs.size).toBe(3);

    // Back to health but for p0, still 404: its document, let go of by the broken crawl, goes now.
    s.set('/docs/p1', html('ページ1', '本文1は港の話です。'));
    s.set('/docs/p2', html('ページ2', '本文2は港の話です。'));
    const healed = await crawl(spec, state, list);
    expect(healed.error).toBeUndefined();
    expect(list.deletes).toEqual([documentIdOf(s.url('/docs/p0'))]);
    expect([...list.docs.keys()].sort()).toEqual(['/docs/p1', '/docs/p2'].map((p) => documentIdOf(s.url(p))));
    expect(healed.orphans).toEqual([]);
  });
});

describe('a source whose patterns leave out its own start page', () => {
  it('is refused before anything is fetched, naming the field', () => {
    const url = 'https://docs.example.jp/docs/';
    expect(() => checkSpec({ url, include: ['['] })).toThrow(
      /^include: the start URL https:\/\/docs\.example\.jp\/docs\/ is not matched by an include pattern/,
    );
    expect(() => checkSpec({ url, include: ['/blog/**'] })).toThrow(/^include: /);
    expect(() => checkSpec({ url, exclude: ['/docs/**'] })).toThrow(/^exclude: .* is matched by an exclude pattern/);
    for (const ok of [{ include: ['/docs/**'] }, { exclude: ['/blog/**'] }, {}, { include: ['/x/**'], sitemap: true }])
      expect(() => checkSpec({ url, ...ok })).not.toThrow();
  });
});
