// crawl: the built Vite documentation (../shared/eval/vite-docs-ja/html, 57 pages) served on loopback as a static
// host serves it (clean URLs, ETag, 304), crawled into a fresh index with the real model; then crawled again with
// nothing changed. Throughput in pages/s and the re-crawl as a ratio of the first crawl, both from this one run.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCrawler } from '../../../crawler/crawler.ts';
import { indexSink } from '../../../crawler/index-sink.ts';
import { createMemoryState } from '../../../crawler/memory-state.ts';
import type { CrawlRun, CrawlSink } from '../../../crawler/types.ts';
import { createKeywordForm } from '../../../indexer/keyword-form.ts';
import { fmt, fmtRatio, heading, round as r3, table } from '../../lib/format.ts';
import { openJsquadCore } from '../../lib/jsquad-index.ts';
import { log, print } from '../../lib/log.ts';
import { SHARED } from '../../lib/paths.ts';

const SITE = path.join(SHARED, 'eval', 'vite-docs-ja', 'html');

/** The folder as a static host serves it: `/guide/why` → guide/why.html, `/guide/` → guide/index.html, ETag and 304. */
async function serveFolder(root: string) {
  const pages = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'));
  const byPath = new Map<string, { body: Buffer; etag: string }>();
  for (const f of pages) {
    const body = readFileSync(path.join(root, f));
    const clean = `/${f.replace(/\.html$/, '').replace(/(^|\/)index$/, '$1')}`;
    const entry = { body, etag: `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"` };
    byPath.set(clean, entry);
    byPath.set(`/${f}`, entry);
  }
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/sitemap.xml') {
      const locs = pages.map(
        (f) => `<url><loc>${base}/${f.replace(/\.html$/, '').replace(/(^|\/)index$/, '$1')}</loc></url>`,
      );
      res.writeHead(200, { 'content-type': 'application/xml' }).end(`<urlset>${locs.join('')}</urlset>`);
      return;
    }
    const page = byPath.get(url.pathname) ?? byPath.get(url.pathname.replace(/\/$/, ''));
    if (!page) return void res.writeHead(404).end();
    if (req.headers['if-none-match'] === page.etag) return void res.writeHead(304, { etag: page.etag }).end();
    res
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        etag: page.etag,
        'content-length': page.body.length,
      })
      .end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, pages: pages.length, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function timed(
  sink: CrawlSink,
  state: ReturnType<typeof createMemoryState>,
  url: string,
): Promise<{ seconds: number; run: CrawlRun }> {
  const t0 = performance.now();
  const run = await createCrawler({ spec: { id: 'vite', url, sitemap: true, concurrency: 4 }, state, sink }).run();
  return { seconds: (performance.now() - t0) / 1000, run };
}

export async function crawlSection() {
  if (!statSync(SITE, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`${SITE} is missing`);
  const site = await serveFolder(SITE);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kensaku-bench-crawl-'));
  const core = await openJsquadCore(dataDir);
  try {
    const sitemap = `${site.base}/sitemap.xml`;
    // Fetching and extraction alone, documents dropped: what the crawler itself costs.
    const drop: CrawlSink = {
      write: async (docs) => new Map(docs.map((d) => [d.id, { outcome: 'added' as const }])),
      delete: async () => {},
    };
    log('crawl: the Vite HTML, extraction only');
    const extractOnly = await timed(drop, createMemoryState(), sitemap);
    const sink = indexSink({
      store: core.store,
      embedder: core.semantic.available ? core.indexEmbedder : null,
      embedderName: core.semantic.available ? core.semantic.embedderName : null,
      maxChars: core.settings.chunking.maxChars,
      keywordForm: createKeywordForm(core.settings.keywordForm),
    });
    const state = createMemoryState();
    log('crawl: first crawl into a fresh index (real model)');
    const first = await timed(sink, state, sitemap);
    log('crawl: re-crawls with nothing changed');
    const again = [
      await timed(sink, state, sitemap),
      await timed(sink, state, sitemap),
      await timed(sink, state, sitemap),
    ];
    const best = Math.min(...again.map((a) => a.seconds));
    const res = {
      pages: site.pages,
      extractOnlySeconds: r3(extractOnly.seconds),
      extractOnlyPagesPerSecond: r3(site.pages / extractOnly.seconds, 1),
      firstSeconds: r3(first.seconds),
      firstPagesPerSecond: r3(site.pages / first.seconds, 1),
      firstCounts: first.run.counts,
      recrawlSeconds: again.map((a) => r3(a.seconds, 4)),
      recrawlCounts: again[0].run.counts,
      ratio: r3(first.seconds / best, 1),
    };
    print(heading('crawl of the built Vite documentation (57 pages, loopback)'));
    print(
      table([
        ['run', 'seconds', 'pages/s', 'added', 'unchanged', 'first ÷ this'],
        [
          'extraction only (documents dropped)',
          fmt(extractOnly.seconds, 2),
          fmt(res.extractOnlyPagesPerSecond, 1),
          String(extractOnly.run.counts.added),
          '0',
          fmtRatio(first.seconds / extractOnly.seconds),
        ],
        [
          'first crawl, fresh index, real model',
          fmt(first.seconds, 2),
          fmt(res.firstPagesPerSecond, 1),
          String(first.run.counts.added),
          String(first.run.counts.unchanged),
          '1.00×',
        ],
        ...again.map((a, i) => [
          `re-crawl #${i + 1}, nothing changed`,
          fmt(a.seconds, 3),
          fmt(site.pages / a.seconds, 1),
          String(a.run.counts.added),
          String(a.run.counts.unchanged),
          fmtRatio(first.seconds / a.seconds),
        ]),
      ]),
    );
    return res;
  } finally {
    await core.close();
    await site.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
