/**
 * Page-level retrieval on the Japanese Vite docs (../shared/eval/vite-docs-ja, see its README); `npm run eval -- --set
 * vite-docs` measures the same set with per-kind figures and native hybrid, this script its extraction variants:
 * `node --import tsx tools/eval/vite-docs.ts [--html | --crawl] [--dir <set>] [--embed-code default|no-lead|full|context]
 * [--lines] [--per-query]`.
 * Indexes site/*.md (or, with --html, the built html/*.html; with --crawl, the built pages as the crawler reads them
 * from a loopback server) through the product's parser and pipeline into a fresh index, ranks pages by their best
 * chunk and prints nDCG@10, MRR@10, R@10 and top-3 for keyword, semantic and the default hybrid. `--lines` chunks the
 * extracted text by the plain-text line rules instead of its structure.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createCrawler } from '../../crawler/crawler.ts';
import { createMemoryState } from '../../crawler/memory-state.ts';
import type { CrawlSink, WriteOutcome } from '../../crawler/types.ts';
import { embeddingText } from '../../indexer/chunker.ts';
import { fusionFunctions } from '../../search/fusion/index.ts';
import { configuredReranker } from '../../search/rerank/index.ts';
import { stopWordsFor } from '../../text/stop-words.ts';
import type { Chunk, SourceDocument } from '../../domain/documents.ts';
import { loadViteDocs, SHARED_EVAL, type EvalSet } from './datasets.ts';
import {
  buildIndex,
  collectLegs,
  DEFAULT_CACHE_DIR,
  embedQueries,
  firstRanks,
  judge,
  lexicalFor,
  openEvalEnv,
  prepareKeywordPlans,
  rankIds,
  rerankQueries,
  score,
  type Mode,
} from './harness.ts';
import { metricsTable } from './report.ts';

/** Alternatives to what the embedding reads of a code chunk (default: the product's embeddingText, lead + head). */
const CODE_EMBED: Record<string, ((chunk: Chunk) => string) | undefined> = {
  default: undefined,
  'no-lead': (c) => embeddingText({ ...c, lead: undefined }),
  full: (c) => embeddingText({ ...c, code: undefined }),
  context: (c) => (c.code ? embeddingText({ ...c, text: '' }) : embeddingText(c)),
};

/**
 * The built site on a loopback port the way a static host serves it (`/guide/features` → guide/features.html, `/guide/`
 * → guide/index.html), with the sitemap.xml VitePress writes when `sitemap.hostname` is set (every page: `live` is
 * linked from no other) named in robots.txt. Started by this script, stopped by it.
 */
async function serveBuiltSite(root: string) {
  const pages = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'));
  const cleanPaths = pages.map((f) => `/${f.replace(/\.html$/, '').replace(/(^|\/)index$/, '$1')}`);
  let base = '';
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (pathname === '/robots.txt')
      return void res
        .writeHead(200, { 'content-type': 'text/plain' })
        .end(`User-agent: *\nAllow: /\n\nSitemap: ${base}/sitemap.xml\n`);
    if (pathname === '/sitemap.xml')
      return void res
        .writeHead(200, { 'content-type': 'application/xml' })
        .end(`<urlset>${cleanPaths.map((p) => `<url><loc>${base}${encodeURI(p)}</loc></url>`).join('')}</urlset>`);
    const rel = pathname.replace(/^\/+/, '');
    const candidates =
      rel === '' || rel.endsWith('/') ? [`${rel}index.html`] : [rel, `${rel}.html`, `${rel}/index.html`];
    const file = rel.split('/').includes('..')
      ? undefined
      : candidates.map((c) => path.join(root, c)).find((f) => existsSync(f) && statSync(f).isFile());
    // The folder holds the built pages only (README): nothing else to serve.
    if (!file) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The built site crawled through the product's crawler (robots.txt, sitemap, links, extraction with the page's URL),
 * each document given the id the judgements name: its URL's path as the Markdown file it was built from
 * (`/guide/features` → guide/features.md, `/guide/` → guide/index.md).
 */
async function crawlBuiltSite(dir: string): Promise<SourceDocument[]> {
  const site = await serveBuiltSite(path.join(dir, 'html'));
  try {
    const docs = new Map<string, SourceDocument>();
    const sink: CrawlSink = {
      async write(batch) {
        for (const d of batch) docs.set(d.id, d);
        return new Map(batch.map((d): [string, WriteOutcome] => [d.id, { outcome: 'added' }]));
      },
      async delete(ids) {
        for (const id of ids) docs.delete(id);
      },
    };
    const crawler = createCrawler({
      spec: { id: 'vite-docs', url: `${site.base}/`, concurrency: 4 },
      state: createMemoryState(),
      sink,
    });
    const started = performance.now();
    const run = await crawler.run();
    const { seen, added, failed, skipped } = run.counts;
    console.error(
      `crawled ${site.base}: ${seen} pages requested, ${added} documents, ${failed} failed, ${skipped} skipped in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    if (run.error || failed > 0) throw new Error(`the crawl failed: ${JSON.stringify(run.failures)}`);
    return [...docs.values()].map((d) => {
      const page = decodeURI(new URL(d.url!).pathname)
        .replace(/\.html$/, '')
        .replace(/^\//, '');
      const id = `${page === '' || page.endsWith('/') ? `${page}index` : page}.md`;
      if (!existsSync(path.join(dir, 'site', id))) throw new Error(`${d.url}: no site/${id} to judge it by`);
      return { ...d, id };
    });
  } finally {
    await site.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      html: { type: 'boolean', default: false },
      crawl: { type: 'boolean', default: false },
      dir: { type: 'string', default: path.join(SHARED_EVAL, 'vite-docs-ja') },
      'embed-code': { type: 'string', default: 'default' },
      'per-query': { type: 'boolean', default: false },
      lines: { type: 'boolean', default: false },
    },
  });
  const dir = path.resolve(values.dir!);
  if (!(values['embed-code']! in CODE_EMBED))
    throw new Error(`--embed-code: one of ${Object.keys(CODE_EMBED).join(', ')}`);
  if (values.html && values.crawl) throw new Error('--html and --crawl: one or the other');
  const mode = values.crawl ? 'crawl' : values.html ? 'html' : 'markdown';
  const loaded = await loadViteDocs(dir, { html: values.html });
  const pages = values.crawl ? await crawlBuiltSite(dir) : loaded.documents;
  const documents = pages.map((d) => (values.lines ? { ...d, blocks: undefined } : d));
  const queries = loaded.queries;
  const set: EvalSet = { ...loaded, name: 'vite-docs-ja', documents };
  const env = await openEvalEnv({ env: process.env, cacheDir: DEFAULT_CACHE_DIR });
  try {
    const started = performance.now();
    const index = await buildIndex(env, set, {
      label: 'vite-docs',
      maxChars: env.config.CHUNK_MAX_CHARS,
      stopWords: stopWordsFor(env.config.STOP_WORDS),
      vectors: true,
      embedText: CODE_EMBED[values['embed-code']!],
    });
    console.error(
      `${documents.length} pages, ${index.chunks.length} chunks indexed in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    await embedQueries(env, queries, DEFAULT_CACHE_DIR);
    await prepareKeywordPlans(env, index.store, queries);
    const { judged } = judge(set, index.chunks);
    const legs = await collectLegs(env, index.store, queries, { window: env.config.SEARCH_WINDOW });
    const fusion = fusionFunctions[env.config.FUSION];
    const reranker = configuredReranker(env.core.settings.search.rerank);
    const lexical = lexicalFor(rerankQueries(set, env), index.chunks);
    const rank = (mode: Mode) =>
      legs.map((l, i) =>
        rankIds(
          l,
          'document',
          mode,
          fusion,
          mode === 'keyword' ? 0 : mode === 'semantic' ? 1 : fusion.defaultWeight,
          mode === 'hybrid' ? lexical(i, reranker) : lexical(i, null),
          env.config.SEARCH_FLOOR,
        ),
      );
    const rows = (['keyword', 'semantic', 'hybrid'] as Mode[]).map((mode) => {
      const rankings = rank(mode);
      const top = firstRanks(judged, rankings, 1);
      const top3 = top.filter((r) => r !== null && r <= 3).length;
      if (values['per-query'])
        for (const [i, q] of queries.entries())
          console.error(
            `${mode} ${q.id} ${q.kind} first relevant @${top[i] ?? '-'} ${rankings[i].slice(0, 3).join(' ')}`,
          );
      return { name: mode, metrics: score(judged, rankings).mean, extra: [`${top3}/${queries.length}`] };
    });
    console.log(
      `vite-docs-ja ${mode}: ${documents.length} pages, ${index.chunks.length} chunks, ${queries.length} queries (embed-code ${values['embed-code']})`,
    );
    console.log(metricsTable(rows, ['top-3']));
  } finally {
    await env.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`vite-docs: ${(e as Error).stack ?? e}`);
    process.exit(1);
  },
);
