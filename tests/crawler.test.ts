import { readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCrawler, type CrawlerOptions } from '../crawler/crawler.ts';
import { planDeletions } from '../crawler/deletions.ts';
import { createHostPacer } from '../crawler/host-pacer.ts';
import { robotsHeader } from '../crawler/robots-header.ts';
import { createMemoryState } from '../crawler/memory-state.ts';
import { parseSitemap } from '../crawler/sitemap.ts';
import type { CrawlSpec } from '../crawler/types.ts';
import { documentIdOf, normalizeUrl, pageKey } from '../crawler/url.ts';
import { asciiPdf, inflatingPdf } from './fixtures/indexer-pdf.ts';
import { html, listSink, startSite, type Site } from './helpers/crawl-site.ts';

const VITE_HTML = path.resolve(import.meta.dirname, '..', '..', 'shared', 'eval', 'vite-docs-ja', 'html');

let sites: Site[] = [];
afterEach(async () => {
  await Promise.all(sites.map((s) => s.stop()));
  sites = [];
});
async function site(...args: Parameters<typeof startSite>): Promise<Site> {
  const s = await startSite(...args);
  sites.push(s);
  return s;
}

function crawlerFor(
  spec: Partial<CrawlSpec> & { url: string },
  state = createMemoryState(),
  sink = listSink(),
  more: Partial<CrawlerOptions> = {},
) {
  const crawler = createCrawler({ spec: { id: 'test', concurrency: 2, ...spec }, state, sink: sink.sink, ...more });
  return { run: () => crawler.run(), state, sink };
}

describe('URL normalisation and document ids', () => {
  it('makes one page of the forms a site links itself under', () => {
    const forms = [
      'http://127.0.0.1:80/guide/intro#top',
      'HTTP://127.0.0.1/guide/./intro',
      'http://127.0.0.1/guide/%69ntro',
      'http://127.0.0.1/guide/intro/',
      'http://127.0.0.1/guide/intro?utm_source=x',
    ];
    expect(new Set(forms.map((f) => pageKey(normalizeUrl(f)!)))).toEqual(new Set(['http://127.0.0.1/guide/intro']));
    expect(normalizeUrl('http://a.jp/p?b=2&a=1&a=0', undefined, true)).toBe('http://a.jp/p?a=0&a=1&b=2');
    expect(normalizeUrl('http://a.jp/p?b=2&page=3', undefined, ['page'])).toBe('http://a.jp/p?page=3');
    expect(normalizeUrl('mailto:x@a.jp')).toBeNull();
    expect(documentIdOf('https://vite.dev/guide/features/')).toBe('vite.dev/guide/features');
    expect(documentIdOf('https://例え.jp/ガイド/')).toBe('xn--r8jz45g.jp/ガイド');
  });

  it('reads X-Robots-Tag directives for every crawler or for ours only', () => {
    expect(robotsHeader('noindex, nofollow', 'kensaku-crawler')).toEqual({ noindex: true, nofollow: true });
    expect(robotsHeader('otherbot: noindex', 'kensaku-crawler')).toEqual({ noindex: false, nofollow: false });
    expect(robotsHeader('kensaku-crawler: none', 'kensaku-crawler')).toEqual({ noindex: true, nofollow: true });
    expect(robotsHeader('max-snippet: 20, noindex', 'kensaku-crawler')).toEqual({ noindex: true, nofollow: false });
  });

  it('parses sitemaps, sitemap indexes, gzipped ones and text sitemaps', () => {
    const urlset =
      '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc> http://a.jp/x?a=1&amp;b=2 </loc></url></urlset>';
    expect(parseSitemap(Buffer.from(urlset))).toEqual({ kind: 'urlset', urls: ['http://a.jp/x?a=1&b=2'] });
    expect(parseSitemap(gzipSync(urlset))).toEqual({ kind: 'urlset', urls: ['http://a.jp/x?a=1&b=2'] });
    expect(
      parseSitemap(Buffer.from('<sitemapindex><sitemap><loc>http://a.jp/s1.xml</loc></sitemap></sitemapindex>')),
    ).toEqual({ kind: 'index', sitemaps: ['http://a.jp/s1.xml'] });
    expect(parseSitemap(Buffer.from('http://a.jp/1\nhttp://a.jp/2\n'))).toEqual({
      kind: 'urlset',
      urls: ['http://a.jp/1', 'http://a.jp/2'],
    });
    expect(() => parseSitemap(Buffer.from('<html></html>'))).toThrow(/neither/);
  });
});

describe('politeness per host', () => {
  afterEach(() => vi.useRealTimers());

  it('spaces requests to one host by the delay (or a longer Crawl-delay), whatever the workers; other hosts wait not', async () => {
    vi.useFakeTimers({ now: 0 });
    const pacer = createHostPacer(100);
    const started: [string, number][] = [];
    const go = (url: string, crawlDelayMs = 0) =>
      pacer.wait(url, crawlDelayMs).then(() => void started.push([url, Date.now()]));
    const all = Promise.all([go('http://a.jp/1'), go('http://a.jp/2'), go('http://b.jp/1'), go('http://a.jp/3', 250)]);
    await vi.runAllTimersAsync();
    await all;
    expect(started).toEqual([
      ['http://a.jp/1', 0],
      ['http://b.jp/1', 0],
      ['http://a.jp/2', 100],
      ['http://a.jp/3', 200],
    ]);
    // The Crawl-delay of 250 ms set the gap after a.jp/3.
    const next = go('http://a.jp/4');
    await vi.runAllTimersAsync();
    await next;
    expect(started.at(-1)).toEqual(['http://a.jp/4', 450]);
  });
});

describe('what a finished crawl deletes', () => {
  const page = (key: string, docId: string | undefined, crawlId: string, phase: 'queued' | 'done' = 'done') =>
    ({ key, url: `http://a.jp/${key}`, depth: 1, crawlId, phase, ...(docId ? { docId } : {}) }) as const;
  // a and b were found again; c (doc C) was not reached by this crawl; d's page let go of its document D.
  const pages = [page('a', 'A', 'now'), page('b', 'B', 'now'), page('c', 'C', 'before'), page('d', undefined, 'now')];
  const former = new Set(['A', 'B', 'C', 'D']);

  it('a complete crawl deletes what no page of it holds, and drops the pages it did not find', () => {
    const plan = planDeletions({ pages, crawlId: 'now', former, truncated: false, failed: false });
    expect(plan).toEqual({ doomed: ['C', 'D'], stale: ['c'], orphans: [] });
  });

  it('a crawl cut at its page limit keeps what its unreached pages hold', () => {
    const queued = [...pages.slice(0, 2), page('c', 'C', 'now', 'queued'), pages[3]];
    const plan = planDeletions({ pages: queued, crawlId: 'now', former, truncated: true, failed: false });
    expect(plan).toEqual({ doomed: ['D'], stale: [], orphans: [] });
  });

  it('a failed crawl deletes nothing; what a page let go of waits for the next crawl', () => {
    const plan = planDeletions({ pages, crawlId: 'now', former, truncated: false, failed: true });
    expect(plan).toEqual({ doomed: [], stale: [], orphans: ['D'] });
  });
});

describe('crawling a site on loopback', () => {
  it('honours robots.txt: a disallowed page is never requested, and the user agent is ours', async () => {
    const s = await site({
      '/robots.txt': {
        body: 'User-agent: kensaku-crawler\nDisallow: /private/\n\nUser-agent: *\nDisallow: /',
        type: 'text/plain',
      },
      '/': html('トップ', '公開ページの入口です。', { links: ['/open', '/private/secret'] }),
      '/open': html('公開', '誰でも読める説明です。'),
      '/private/secret': html('秘密', '読まれてはいけない内容です。'),
    });
    const { run, sink } = crawlerFor({ url: s.url('/') });
    const result = await run();
    expect(s.hits('/private/secret')).toBe(0);
    expect([...sink.docs.values()].map((d) => d.title).sort()).toEqual(['トップ', '公開']);
    expect(result.skipped).toContainEqual({ url: s.url('/private/secret'), reason: 'disallowed by robots.txt' });
    expect(s.requests.find((r) => r.path === '/open')!.headers['user-agent']).toMatch(/^kensaku-crawler\/\d/);
  });

  it('reads a sitemap index: pages of both sitemaps (one gzipped) are crawled, unlinked or not', async () => {
    const sitemap = (paths: string[]) =>
      `<?xml version="1.0"?><urlset>${paths.map((p) => `<url><loc>${s.url(p)}</loc></url>`).join('')}</urlset>`;
    const s = await site({
      '/a': html('ページA', '本文A'),
      '/b': html('ページB', '本文B'),
      '/c': html('ページC', '本文C'),
      '/orphan': html('孤立', '誰からもリンクされない'),
    });
    s.set('/sitemap.xml', {
      body: `<sitemapindex><sitemap><loc>${s.url('/s1.xml')}</loc></sitemap><sitemap><loc>${s.url('/s2.xml.gz')}</loc></sitemap></sitemapindex>`,
      type: 'application/xml',
    });
    s.set('/s1.xml', { body: sitemap(['/a', '/b']), type: 'application/xml' });
    s.set('/s2.xml.gz', { body: gzipSync(sitemap(['/c', '/orphan'])), type: 'application/gzip' });
    const { run, sink } = crawlerFor({ url: s.url('/sitemap.xml'), sitemap: true });
    const result = await run();
    expect([...sink.docs.keys()].sort()).toEqual(
      ['/a', '/b', '/c', '/orphan'].map((p) => documentIdOf(s.url(p))).sort(),
    );
    expect(result.counts).toMatchObject({ added: 4, failed: 0 });
  });

  it('reads no more of a huge sitemap index than its page limit can take', async () => {
    const s = await site({});
    // Five sitemaps of 2,000 pages each (the pages answer 404: what counts is what the crawl asks for).
    const files = Array.from({ length: 5 }, (_, f) => `/s${f}.xml`);
    s.set('/sitemap.xml', {
      body: `<sitemapindex>${files.map((f) => `<sitemap><loc>${s.url(f)}</loc></sitemap>`).join('')}</sitemapindex>`,
      type: 'application/xml',
    });
    for (const [f, file] of files.entries()) {
      const locs = Array.from({ length: 2000 }, (_, i) => `<url><loc>${s.url(`/p/${f}/${i}`)}</loc></url>`);
      s.set(file, { body: `<urlset>${locs.join('')}</urlset>`, type: 'application/xml' });
    }
    const { run, state } = crawlerFor({ url: s.url('/sitemap.xml'), sitemap: true, limit: 10 });
    const result = await run();
    expect(result).toMatchObject({ truncated: true, counts: { seen: 10 } });
    expect(files.map((f) => s.hits(f))).toEqual([1, 0, 0, 0, 0]);
    expect(state.pages.size).toBe(10);
  });

  it('follows a redirect chain to one document, and reports a redirect loop', async () => {
    const s = await site({
      '/': html('入口', 'リダイレクトの試験', { links: ['/old', '/loop-a'] }),
      '/old': { status: 301, headers: { location: '/older' } },
      '/older': { status: 302, headers: { location: '/new' } },
      '/new': html('新しいページ', '移転後の本文です。'),
      '/loop-a': { status: 302, headers: { location: '/loop-b' } },
      '/loop-b': { status: 302, headers: { location: '/loop-a' } },
    });
    const { run, sink } = crawlerFor({ url: s.url('/') });
    const result = await run();
    expect(sink.byUrl(s.url('/new'))?.title).toBe('新しいページ');
    expect(sink.docs.size).toBe(2);
    expect(result.failures).toEqual([
      {
        url: s.url('/loop-a'),
        reason: `redirect loop: ${s.url('/loop-a')} → ${s.url('/loop-b')} → ${s.url('/loop-a')}`,
      },
    ]);
    expect(result.counts.failed).toBe(1);
  });

  it('bounds a redirect chain', async () => {
    const pages: Record<string, { status: number; headers: Record<string, string> }> = {};
    for (let i = 0; i < 8; i++) pages[`/r${i}`] = { status: 302, headers: { location: `/r${i + 1}` } };
    const s = await site({ ...pages, '/r8': html('終点', '遠すぎる') });
    const result = await crawlerFor({ url: s.url('/r0') }).run();
    expect(result.failures[0].reason).toMatch(/^more than 5 redirects/);
    expect(s.hits('/r8')).toBe(0);
  });

  it('makes one document of a page and its canonical duplicate', async () => {
    const canonical = (p: string) => `<link rel="canonical" href="${p}">`;
    const s = await site({
      '/': html('入口', '正規URLの試験', { links: ['/print/article', '/article'] }),
      '/print/article': html('記事', '印刷用の同じ記事です。', { head: canonical('/article') }),
      '/article': html('記事', '同じ記事の本来のページです。', { head: canonical('/article') }),
    });
    const { run, sink } = crawlerFor({ url: s.url('/') });
    const result = await run();
    const articles = [...sink.docs.values()].filter((d) => d.title === '記事');
    expect(articles).toHaveLength(1);
    expect(articles[0]).toMatchObject({ id: documentIdOf(s.url('/article')), url: s.url('/article') });
    expect(articles[0].text).toContain('本来のページ');
    expect(result.counts.added).toBe(2);
  });

  it('leaves out noindex pages (meta and header) but follows their links', async () => {
    const s = await site({
      '/': html('入口', 'noindex の試験', {
        head: '<meta name="robots" content="noindex">',
        links: ['/header-noindex', '/kept'],
      }),
      '/header-noindex': { body: html('ヘッダー', '見出しで除外'), headers: { 'x-robots-tag': 'noindex' } },
      '/kept': html('残る', '索引に入るページ'),
    });
    const { run, sink } = crawlerFor({ url: s.url('/') });
    const result = await run();
    expect([...sink.docs.values()].map((d) => d.title)).toEqual(['残る']);
    expect(result.skipped.map((n) => n.reason).sort()).toEqual([
      'noindex in <meta name=robots>',
      'noindex in X-Robots-Tag',
    ]);
  });

  it('refuses a huge page (declared or streamed) without reading it, and the crawl goes on', async () => {
    const big = 'あ'.repeat(400_000); // 1.2 MB of UTF-8
    const s = await site({
      '/': html('入口', '大きなページの試験', { links: ['/huge', '/endless', '/small'] }),
      '/huge': html('巨大', big),
      '/endless': {
        handler: (_req, res) => {
          res.writeHead(200, { 'content-type': 'text/html' });
          const chunk = Buffer.alloc(64 * 1024, 'a');
          const pump = () => {
            while (!res.destroyed && res.write(chunk));
            if (!res.destroyed) res.once('drain', pump);
          };
          pump();
        },
      },
      '/small': html('小さい', '普通のページ'),
    });
    const { run, sink } = crawlerFor({ url: s.url('/') }, undefined, undefined, { limits: { maxBytes: 1_000_000 } });
    const result = await run();
    expect(result.failures).toEqual(
      expect.arrayContaining([
        { url: s.url('/huge'), reason: expect.stringMatching(/larger than the 1000000 byte size limit/) },
        { url: s.url('/endless'), reason: expect.stringMatching(/larger than the 1000000 byte size limit/) },
      ]),
    );
    expect([...sink.docs.values()].map((d) => d.title).sort()).toEqual(['入口', '小さい']);
  });

  it('indexes Markdown, plain text and PDF by content type, and skips an image', async () => {
    const s = await site({
      '/': html('入口', 'ファイル形式の試験', { links: ['/notes.md', '/readme.txt', '/paper.pdf', '/logo.png'] }),
      '/notes.md': { body: '# 覚え書き\n\n## 手順\n\nマークダウンの本文です。', type: 'text/markdown; charset=utf-8' },
      '/readme.txt': { body: 'テキストの本文です。改行もあります。', type: 'text/plain; charset=utf-8' },
      '/paper.pdf': {
        body: await asciiPdf('Crawler paper', ['The crawler reads PDF files too.']),
        type: 'application/pdf',
      },
      '/logo.png': { body: Buffer.from([0x89, 0x50, 0x4e, 0x47]), type: 'image/png' },
    });
    const { run, sink } = crawlerFor({ url: s.url('/') });
    const result = await run();
    expect(sink.byUrl(s.url('/notes.md'))).toMatchObject({
      title: '覚え書き',
      text: expect.stringContaining('マークダウンの本文'),
    });
    expect(sink.byUrl(s.url('/readme.txt'))?.text).toContain('テキストの本文');
    expect(sink.byUrl(s.url('/paper.pdf'))).toMatchObject({
      title: 'Crawler paper',
      text: expect.stringContaining('reads PDF files'),
    });
    expect(result.skipped).toContainEqual({ url: s.url('/logo.png'), reason: 'content type image/png is not indexed' });
  });

  it('is incremental: unchanged pages are not written again, a changed one is, a 404 and an unlinked page are deleted', async () => {
    const s = await site({
      '/': html('入口', '差分の試験', { links: ['/same', '/changes', '/vanishes', '/unlinked'] }),
      '/same': html('変わらない', 'ずっと同じ本文'),
      '/changes': html('変わる', '最初の本文'),
      '/vanishes': html('消える', 'やがて 404 になる'),
      '/unlinked': html('外される', 'やがてリンクされなくなる'),
    });
    const state = createMemoryState();
    const list = listSink();
    const first = await crawlerFor({ url: s.url('/') }, state, list).run();
    expect(first.counts).toMatchObject({ added: 5, updated: 0, unchanged: 0, deleted: 0 });

    s.set('/', html('入口', '差分の試験', { links: ['/same', '/changes', '/vanishes'] }));
    s.set('/changes', html('変わる', '書き換えた本文'));
    s.set('/vanishes', undefined);
    const writesBefore = list.writes.length;
    const requestsBefore = s.requests.length;
    const second = await crawlerFor({ url: s.url('/') }, state, list).run();
    expect(second.counts).toMatchObject({ seen: 4, added: 0, deleted: 2, failed: 0 });
    // `/` lost a link in its navigation: updated, or unchanged when the extraction leaves navigation out.
    expect(second.counts.updated + second.counts.unchanged).toBe(3);
    // Only the two pages whose bytes changed reached the sink; the unchanged one answered 304 to its ETag.
    expect(list.writes.slice(writesBefore).sort()).toEqual(
      [documentIdOf(s.url('/')), documentIdOf(s.url('/changes'))].sort(),
    );
    const again = s.requests.slice(requestsBefore).find((r) => r.path === '/same')!;
    expect(again.headers['if-none-match']).toMatch(/^"/);
    expect(again.status).toBe(304);
    expect(list.byUrl(s.url('/changes'))?.text).toContain('書き換えた本文');
    expect(list.deletes.sort()).toEqual([documentIdOf(s.url('/unlinked')), documentIdOf(s.url('/vanishes'))].sort());
  });

  it('keeps one document for a page served under two URLs, crawl after crawl', async () => {
    const page = html('別名', '同じページが二つのURLで配信される。');
    const s = await site({
      '/': html('入口', '別名の試験', { links: ['/guide/a.html', '/guide/a'] }),
      '/guide/a': page,
      '/guide/a.html': page,
    });
    const state = createMemoryState();
    const list = listSink();
    const first = await crawlerFor({ url: s.url('/'), concurrency: 1 }, state, list).run();
    expect(first.counts).toMatchObject({ added: 2, skipped: 1 });
    const writes = list.writes.length;
    const second = await crawlerFor({ url: s.url('/'), concurrency: 1 }, state, list).run();
    expect(second.counts).toMatchObject({ added: 0, unchanged: 2, skipped: 1, deleted: 0 });
    expect(list.writes.length).toBe(writes);
    expect([...list.docs.values()].filter((d) => d.title === '別名')).toHaveLength(1);
  });

  it('keeps the last good version of a page that times out or answers 5xx, and reports it', async () => {
    const s = await site({
      '/': html('入口', '失敗の試験', { links: ['/slow', '/broken'] }),
      '/slow': html('遅い', '最初は速く答える'),
      '/broken': html('壊れる', '最初は正常'),
    });
    const state = createMemoryState();
    const list = listSink();
    await crawlerFor({ url: s.url('/') }, state, list).run();
    s.set('/slow', { body: html('遅い', '二回目は遅すぎる'), delayMs: 3000 });
    s.set('/broken', { body: 'oops', status: 503 });
    const second = await crawlerFor({ url: s.url('/') }, state, list, {
      limits: { timeoutMs: 500, connectTimeoutMs: 500 },
    }).run();
    expect(second.failures.sort((a, b) => a.url.localeCompare(b.url))).toEqual([
      { url: s.url('/broken'), reason: 'HTTP 503' },
      { url: s.url('/slow'), reason: 'no response within 500 ms' },
    ]);
    expect(second.counts).toMatchObject({ failed: 2, deleted: 0 });
    expect(list.byUrl(s.url('/slow'))?.text).toContain('最初は速く答える');
    expect(list.byUrl(s.url('/broken'))?.text).toContain('最初は正常');
  });

  it('bounds traps: an endless calendar, a query-string explosion, a path loop', async () => {
    const s = await site({
      '/': html('入口', '罠の試験', { links: ['/cal/2024/1', '/list?page=1', '/a/'] }),
    });
    // Every calendar month links the next one, forever.
    const calendar = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      const [, , y, m] = new URL(req.url!, 'http://x').pathname.split('/').map(Number);
      const next = m === 12 ? `/cal/${y + 1}/1` : `/cal/${y}/${m + 1}`;
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(html(`${y}年${m}月`, '予定はありません', { links: [next] }));
    };
    const list = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      const page = Number(new URL(req.url!, 'http://x').searchParams.get('page'));
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(html(`一覧 ${page}`, '項目', { links: [`/list?page=${page + 1}`, `/list?page=${page}&sort=new`] }));
    };
    // Each page differs (its path is in it), so only the path bound stops the loop, not identical bytes.
    const loop = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) =>
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(html('ループ', `相対リンクが深くなる ${req.url}`, { links: ['a/', 'b/'] }));
    for (let y = 2024; y < 2100; y++) for (let m = 1; m <= 12; m++) s.set(`/cal/${y}/${m}`, { handler: calendar });
    s.set('/list', { handler: list });
    const loopPaths = ['/a/'];
    for (let depth = 0; depth < 8; depth++)
      for (const p of [...loopPaths]) for (const next of ['a/', 'b/']) loopPaths.push(p + next);
    for (const p of new Set(loopPaths)) s.set(p, { handler: loop });

    const result = await crawlerFor({ url: s.url('/'), keepQuery: ['page', 'sort'] }, undefined, undefined, {
      limits: { maxPerTemplate: 30, maxQueryVariants: 10 },
    }).run();
    expect(s.requests.filter((r) => r.path.startsWith('/cal/')).length).toBe(30);
    expect(s.requests.filter((r) => r.path.startsWith('/list')).length).toBe(10);
    const mostRepeats = (p: string) =>
      Math.max(...['a', 'b'].map((seg) => p.split('/').filter((x) => x === seg).length));
    const loopRequests = s.requests.filter((r) => r.path.startsWith('/a/'));
    expect(loopRequests.length).toBeGreaterThan(5);
    expect(Math.max(...loopRequests.map((r) => mostRepeats(r.path)))).toBe(3);
    expect(result.truncated).toBe(false);
    expect(result.skipped.map((n) => n.reason)).toEqual(
      expect.arrayContaining([
        'more than 30 URLs like /cal/#/#',
        'more than 10 query strings for /list',
        'a path segment repeated more than 3 times (a link loop)',
      ]),
    );
  });

  it('stops at the page limit and then deletes nothing it did not reach', async () => {
    const pages: Record<string, string> = {
      '/': html('入口', '上限の試験', { links: Array.from({ length: 10 }, (_, i) => `/p${i}`) }),
    };
    for (let i = 0; i < 10; i++) pages[`/p${i}`] = html(`ページ${i}`, `本文${i}`);
    const s = await site(pages);
    const state = createMemoryState();
    const list = listSink();
    await crawlerFor({ url: s.url('/') }, state, list).run();
    const limited = await crawlerFor({ url: s.url('/'), limit: 4 }, state, list).run();
    expect(limited).toMatchObject({ truncated: true, counts: { seen: 4, deleted: 0 } });
    expect(list.docs.size).toBe(11);
  });

  it('keeps no more pages than its limit lets it visit, however many links a site makes up', async () => {
    // Every page links to 30 pages of its own (letters, not digits: no path template caps them).
    const slug = (i: number) => String.fromCharCode(97 + Math.floor(i / 26), 97 + (i % 26));
    const linksFrom = (p: string) => Array.from({ length: 30 }, (_, i) => `${p}${slug(i)}/`);
    const pages: Record<string, string> = { '/': html('入口', '無限のリンク', { links: linksFrom('/') }) };
    for (const link of linksFrom('/')) pages[link] = html(link, `本文 ${link}`, { links: linksFrom(link) });
    const s = await site(pages);
    const { run, state, sink } = crawlerFor({ url: s.url('/'), limit: 10 });
    const result = await run();
    expect(result).toMatchObject({ truncated: true, counts: { seen: 10, added: 10, failed: 0 } });
    expect(sink.docs.size).toBe(10);
    // Only the pages it visited are in its state: the 900 links it found past them were not queued.
    expect(state.pages.size).toBe(10);
    expect([...state.pages.values()].every((r) => r.phase === 'done')).toBe(true);
  });

  it('resumes a crawl stopped part-way from its saved frontier, without starting over', async () => {
    const pages: Record<string, string> = {
      '/': html('入口', '再開の試験', { links: Array.from({ length: 40 }, (_, i) => `/p${i}`) }),
    };
    for (let i = 0; i < 40; i++) pages[`/p${i}`] = html(`ページ${i}`, `本文${i}`);
    const s = await site(pages);
    const state = createMemoryState();
    const list = listSink();
    const stop = new AbortController();
    const first = crawlerFor({ url: s.url('/'), concurrency: 1 }, state, list, {
      signal: stop.signal,
      limits: { checkpointEvery: 5 },
      onProgress: (p) => p.done >= 12 && stop.abort(),
    });
    await expect(first.run()).rejects.toMatchObject({ code: 'shutting_down' });
    expect(state.run?.finishedAt).toBeUndefined();
    const before = s.requests.filter((r) => r.path !== '/robots.txt').length;
    expect(before).toBeGreaterThanOrEqual(12);
    expect(before).toBeLessThan(41);
    const resumed = await crawlerFor({ url: s.url('/'), concurrency: 1 }, state, list, {
      limits: { checkpointEvery: 5 },
    }).run();
    expect(list.docs.size).toBe(41);
    expect(resumed.counts).toMatchObject({ added: 41, seen: 41, failed: 0 });
    // Stopped at a checkpoint, so the resumed crawl fetches each page it had not settled, and no page twice.
    const pagesFetched = s.requests.filter((r) => r.path !== '/robots.txt').map((r) => r.path);
    expect(pagesFetched.length).toBe(41);
    expect(new Set(pagesFetched).size).toBe(41);
  });

  it('crawls the built Vite documentation: all 57 pages (one only in the sitemap robots.txt names), one document each', async () => {
    const s = await site({}, { root: VITE_HTML });
    // As VitePress writes it (sitemap.hostname): clean URLs, every page; `live` is linked from no other page.
    const pages = readdirSync(VITE_HTML, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'));
    const clean = pages.map((f) => `/${f.replace(/\.html$/, '').replace(/(^|\/)index$/, '$1')}`);
    s.set('/sitemap.xml', {
      body: `<urlset>${clean.map((p) => `<url><loc>${s.url(p)}</loc></url>`).join('')}</urlset>`,
      type: 'application/xml',
    });
    s.set('/robots.txt', {
      body: `User-agent: *\nAllow: /\n\nSitemap: ${s.url('/sitemap.xml')}\n`,
      type: 'text/plain',
    });
    const { run, sink } = crawlerFor({ url: s.url('/'), concurrency: 4 });
    const result = await run();
    expect(result.failures).toEqual([]);
    expect(sink.docs.size).toBe(57);
    expect(result.counts).toMatchObject({ added: 57, failed: 0 });
    for (const d of sink.docs.values()) expect(d.title.length).toBeGreaterThan(0);
  });
});

describe('a hostile site', () => {
  it('fails a page it cannot read in time (a PDF that inflates to 100 MB), and the crawl goes on', async () => {
    const s = await site({
      '/': html('入口', '本文', { links: ['/bomb.pdf', '/next'] }),
      '/bomb.pdf': { body: await inflatingPdf(100), type: 'application/pdf' },
      '/next': html('次', '次の本文'),
    });
    const limits = { readTimeoutMs: 2000 };
    const { run, sink } = crawlerFor({ url: s.url('/'), concurrency: 1 }, undefined, undefined, { limits });
    const result = await run();
    expect(result.counts).toMatchObject({ added: 2, failed: 1 });
    expect(result.failures).toEqual([{ url: s.url('/bomb.pdf'), reason: 'cannot read the page: not read within 2 s' }]);
    expect([...sink.docs.values()].map((d) => d.title).sort()).toEqual(['入口', '次']);
  });

  it('reads a text sitemap with a huge run of spaces in one line, without stalling', async () => {
    const s = await site({ '/a': html('ページA', '本文A'), '/b': html('ページB', '本文B') });
    // A `\s*\n\s*` split backtracked quadratically over such a run: minutes of a blocked process for 400 kB.
    s.set('/sitemap.txt', { body: `${s.url('/a')}\n${s.url('/b')}${' '.repeat(400_000)}x\n`, type: 'text/plain' });
    const { run, sink } = crawlerFor({ url: s.url('/sitemap.txt'), sitemap: true });
    const result = await run();
    expect(result.error).toBeUndefined();
    expect([...sink.docs.keys()]).toEqual([documentIdOf(s.url('/a'))]);
  });

  it('never requests a sitemap an index puts on another host, and a malformed entry does not stop the crawl', async () => {
    const elsewhere = await site({ '/internal.xml': { body: '<urlset></urlset>', type: 'application/xml' } });
    const s = await site({ '/a': html('ページA', '本文A') });
    s.set('/sitemap.xml', {
      body: `<sitemapindex>${[elsewhere.url('/internal.xml'), 'http://[bad', s.url('/s1.xml')]
        .map((l) => `<sitemap><loc>${l}</loc></sitemap>`)
        .join('')}</sitemapindex>`,
      type: 'application/xml',
    });
    s.set('/s1.xml', { body: `<urlset><url><loc>${s.url('/a')}</loc></url></urlset>`, type: 'application/xml' });
    const { run, sink } = crawlerFor({ url: s.url('/sitemap.xml'), sitemap: true });
    const result = await run();
    expect(elsewhere.requests).toEqual([]);
    expect(result.error).toBeUndefined();
    expect([...sink.docs.keys()]).toEqual([documentIdOf(s.url('/a'))]);
    expect(result.skipped).toContainEqual({
      url: elsewhere.url('/internal.xml'),
      reason: 'sitemap index entry not an http(s) URL of this site (and 1 more): not read',
    });
  });

  it('takes robots.txt Sitemap lines relative or malformed, and a malformed Location, without failing the crawl', async () => {
    const s = await site({
      '/': html('入口', '本文'),
      '/listed': html('地図のみ', 'サイトマップだけにあるページ'),
      '/moved': { status: 301, headers: { location: 'http://[bad' } },
      '/sm.xml': { body: '', type: 'application/xml' },
      '/robots.txt': { body: 'Sitemap: http://[bad\nSitemap: /sm.xml\n', type: 'text/plain' },
    });
    s.set('/sm.xml', { body: `<urlset><url><loc>${s.url('/listed')}</loc></url></urlset>`, type: 'application/xml' });
    const first = await crawlerFor({ url: s.url('/') }).run();
    expect(first.error).toBeUndefined();
    expect(first.counts).toMatchObject({ added: 2, failed: 0 });
    // robots.txt itself redirecting to a Location that is no URL: read as no robots.txt.
    s.set('/robots.txt', { status: 301, headers: { location: 'http://[bad' } });
    const again = await crawlerFor({ url: s.url('/') }).run();
    expect(again.error).toBeUndefined();
    expect(again.counts).toMatchObject({ added: 1, failed: 0 });
  });

  it('reads the first 500 KiB of a 12 MB robots.txt instead of giving the site up', async () => {
    const padding = `# ${'x'.repeat(98)}\n`.repeat(120_000);
    const s = await site({
      '/': html('入口', '本文', { links: ['/open', '/private'] }),
      '/open': html('公開', '公開ページ'),
      '/private': html('非公開', '非公開ページ'),
      '/robots.txt': { body: `User-agent: *\nDisallow: /private\n${padding}Disallow: /\n`, type: 'text/plain' },
    });
    const { run, sink } = crawlerFor({ url: s.url('/') });
    const result = await run();
    expect(result.error).toBeUndefined();
    expect([...sink.docs.keys()].sort()).toEqual(['/', '/open'].map((p) => documentIdOf(s.url(p))).sort());
    expect(s.hits('/private')).toBe(0);
  });

  it('makes one document, its own page, of two pages naming each other canonical', async () => {
    const s = await site({
      '/': html('入口', '本文', { links: ['/c1', '/c2'] }),
      '/c1': html('一', '一の本文', { head: '<link rel="canonical" href="/c2">' }),
      '/c2': html('二', '二の本文', { head: '<link rel="canonical" href="/c1">' }),
    });
    const { run, sink } = crawlerFor({ url: s.url('/'), concurrency: 1 });
    const result = await run();
    expect(result.counts).toMatchObject({ added: 2, failed: 0 });
    const pair = [...sink.docs.values()].filter((d) => d.url !== s.url('/'));
    expect(pair.map((d) => [d.url, d.title])).toEqual([[s.url('/c2'), '二']]);
  });

  it('keeps the event loop running while it reads a huge page (HTML is parsed on a worker thread)', async () => {
    // ~1.5 MB of 30,000 links: parsing it on the main thread blocked every search for seconds.
    const links = Array.from({ length: 30_000 }, (_, i) => `https://example.com/p/${i}`);
    let ticks = 0;
    let sent = -1;
    let read = -1;
    const type = { 'content-type': 'text/html; charset=utf-8' };
    const s = await site({
      '/': html('入口', '小さなページ', { links: ['/huge'] }),
      '/huge': {
        // All but the end of the body at once, the end once the crawler has taken the rest in: from then on, the
        // crawler only reads the page.
        handler: (_req, res) => {
          res.writeHead(200, type).write(html('巨大', 'リンクだらけ', { links: ['/after', ...links] }));
          setTimeout(() => res.end(() => (sent = ticks)), 300);
        },
      },
      '/after': {
        handler: (_req, res) => {
          read = ticks - sent;
          res.writeHead(200, type).end(html('後', '次のページ'));
        },
      },
    });
    const ticker = setInterval(() => ticks++, 1);
    try {
      const { run, sink } = crawlerFor({ url: s.url('/'), concurrency: 1, delayMs: 0 });
      const result = await run();
      expect(result.counts).toMatchObject({ added: 3, failed: 0 });
      expect(sink.docs.get(documentIdOf(s.url('/huge')))?.title).toBe('巨大');
    } finally {
      clearInterval(ticker);
    }
    // From the page's last byte to the next page asked for: the read. On the main thread the timer never ran then.
    expect(sent).toBeGreaterThanOrEqual(0);
    expect(read).toBeGreaterThan(20);
  });

  it('fails only a page whose parse throws (deeply nested elements overflow the stack), and the crawl goes on', async () => {
    const deep = `<!doctype html><html><body>${'<div>'.repeat(40_000)}深い${'</div>'.repeat(40_000)}</body></html>`;
    const s = await site({
      '/': html('入口', '本文', { links: ['/deep', '/next'] }),
      '/deep': deep,
      '/next': html('次', '次の本文'),
    });
    const { run, sink } = crawlerFor({ url: s.url('/'), concurrency: 1 });
    const result = await run();
    expect(result.counts).toMatchObject({ added: 2, failed: 1 });
    expect(result.failures).toEqual([
      { url: s.url('/deep'), reason: 'cannot read the page: Maximum call stack size exceeded' },
    ]);
    expect([...sink.docs.values()].map((d) => d.title).sort()).toEqual(['入口', '次']);
  });

  it('follows and keeps at most 1000 links of a page that has 3000', async () => {
    const slug = (i: number) => [676, 26, 1].map((d) => String.fromCharCode(97 + (Math.floor(i / d) % 26))).join('');
    const links = Array.from({ length: 3000 }, (_, i) => `/l/${slug(i)}`);
    const s = await site({ '/': html('入口', 'リンクだらけ', { links }) });
    const { run, state } = crawlerFor({ url: s.url('/'), limit: 5 });
    const result = await run();
    expect(state.pages.get(s.url('/'))?.links).toHaveLength(1000);
    expect(result.skipped).toContainEqual({
      url: s.url('/'),
      reason: 'more than 1000 links: the rest were not followed',
    });
  });
});
