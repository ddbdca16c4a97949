import type { SourceDocument } from '../domain/documents.ts';
import type { SluggerKind } from '../indexer/formats/slug.ts';

/** The site owner's extraction overrides, passed through to the HTML extraction and the Markdown parser. */
export interface ExtractionOverrides {
  /** CSS selector of the content root (e.g. `main .vp-doc`); the whole page's main content when absent. */
  contentSelector?: string;
  /** CSS selectors whose elements are left out (e.g. `.edit-link`, `[data-pagefind-ignore]`). */
  ignoreSelectors?: string[];
  /** Whose slugs anchor a Markdown heading without `{#id}` (default vitepress; indexer/formats/slug.ts). */
  slugger?: SluggerKind;
}

/** What to crawl and how: one source. Every field but `url` has a default (crawler/defaults.ts). */
export interface CrawlSpec {
  /** The source's id: its pages' records and the `source` field of their documents. */
  id: string;
  /** Start page, or sitemap (sitemap index too) when `sitemap` is true. */
  url: string;
  sitemap?: boolean;
  /**
   * Globs (picomatch) over the URL's path and query, e.g. `/guide/**`; a pattern holding `://` is matched against
   * the whole URL. A page must match one include (when any is given) and no exclude. Without includes, a start-URL
   * crawl stays under the start URL's folder and a sitemap crawl takes the whole site.
   */
  include?: string[];
  exclude?: string[];
  /** Most pages requested in one crawl. */
  limit?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Least time between two request starts to one host, in ms (robots.txt `Crawl-delay` raises it). */
  delayMs?: number;
  /** Given to every page, e.g. `site:docs`. */
  tags?: string[];
  extraction?: ExtractionOverrides;
  /** Re-crawl every this many seconds (the server's timer); none when absent. */
  recrawlSeconds?: number;
  /** User-Agent header and robots.txt product token; default `kensaku-crawler/<version> (+<homepage>)`. */
  userAgent?: string;
  /** Query strings are dropped from URLs unless kept: true keeps them all, a list keeps those parameters. */
  keepQuery?: boolean | string[];
}

/** Limits of one crawl that a spec does not set: the fetch layer's and the traps'. */
export interface CrawlLimits {
  /** Until the response's headers (connect, TLS, the server's think time). */
  connectTimeoutMs: number;
  /** The whole exchange, body included. */
  timeoutMs: number;
  /** Reading a fetched page (parsing it): a page over it fails, as a PDF that inflates to gigabytes would. */
  readTimeoutMs: number;
  /** Largest body read; a larger page fails (and keeps its last good version). */
  maxBytes: number;
  /** Redirect hops followed from one URL. */
  maxRedirects: number;
  /** Link hops from a start page or sitemap entry. */
  maxDepth: number;
  /** Distinct query strings kept per path (when query strings are kept). */
  maxQueryVariants: number;
  /** URLs per path template (digits replaced by `#`): bounds calendars and numbered traps. */
  maxPerTemplate: number;
  /** Longest URL followed. */
  maxUrlLength: number;
  /** Pages settled between checkpoints (and between document writes). */
  checkpointEvery: number;
  /** Sitemap files read, index entries included. */
  maxSitemaps: number;
  /** Distinct same-site links followed (and kept in its record) per page. */
  maxLinksPerPage: number;
}

/** What became of a page in its last visit. */
export type PageOutcome =
  | 'indexed' // written (added or updated) or found unchanged by the indexer
  | 'unchanged' // 304, or the same bytes as last time: neither parsed nor embedded
  | 'duplicate' // its canonical (or identical bytes) is another page's document
  | 'noindex'
  | 'skipped' // out of scope after redirects, unsupported type, opted out
  | 'disallowed' // robots.txt
  | 'gone' // 404, 410, or another 4xx that is not a retryable one
  | 'failed'; // 5xx, timeout, too large, parse error: the last good version is kept

/**
 * One URL of a source, persisted: its place in the frontier of the crawl under way (`crawlId`, `phase`) and what
 * the last good fetch left (validators, hash, links, the document it produced).
 */
export interface PageRecord {
  /** Normalised URL (crawler/url.ts): one record per page however it is linked. */
  key: string;
  /** The URL requested (the first form found). */
  url: string;
  depth: number;
  /** The crawl that last queued or visited it; with `phase`, the frontier of a resumed crawl. */
  crawlId: string;
  phase: 'queued' | 'done';
  outcome?: PageOutcome;
  /** Why it failed or was skipped, in words. */
  reason?: string;
  /** The document this page's last good version is (canonical URL's id); absent when it produces none. */
  docId?: string;
  etag?: string;
  lastModified?: string;
  /** sha256 of the last body read. */
  hash?: string;
  /** Same-site links of the last good version: followed again when the page answers 304 or the same bytes. */
  links?: string[];
  /** The spec fields that change documents (tags, extraction): a change makes every page be read again. */
  readWith?: string;
  fetchedAt?: string;
}

export interface CrawlFailure {
  url: string;
  reason: string;
}

export interface CrawlCounts {
  /** Pages requested (a 304 too). */
  seen: number;
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
  failed: number;
  /** Not indexed by rule: robots.txt, noindex, duplicates, off-site redirects, unsupported types, traps. */
  skipped: number;
}

/** The state of one crawl of a source, persisted with its pages: where a resumed crawl starts. */
export interface CrawlRun {
  crawlId: string;
  startedAt: string;
  finishedAt?: string;
  /** Start pages, sitemaps and robots.txt have been read and their URLs queued. */
  seeded: boolean;
  counts: CrawlCounts;
  failures: CrawlFailure[];
  /** Some of what was skipped, and why (the first 100). */
  skipped: CrawlFailure[];
  /** Stopped by the page limit: pages not reached are kept, not deleted. */
  truncated: boolean;
  /** The start page answered (2xx or 304); for a sitemap crawl, some page did. Without it nothing is deleted. */
  reached?: boolean;
  /**
   * Why the crawl failed as a whole, having deleted nothing: its start out of its own patterns, robots.txt or the
   * sitemap unreadable, the start page refused or failed, no page fetched.
   */
  error?: string;
  /**
   * Document ids no page holds any more, not yet deleted: those pages of this crawl let go (so a resumed crawl still
   * deletes them), and after a crawl that failed as a whole, those it would have deleted (the next crawl does).
   */
  orphans?: string[];
}

/** Where a crawl keeps its pages and its run: in memory for a one-off, in Meilisearch for a durable task. */
export interface CrawlStateStore {
  loadPages(): Promise<PageRecord[]>;
  savePages(pages: PageRecord[]): Promise<void>;
  removePages(keys: string[]): Promise<void>;
  /** The crawl under way, if one was cut short; null when the last one finished. */
  loadRun(): Promise<CrawlRun | null>;
  saveRun(run: CrawlRun): Promise<void>;
}

/** How a document write went, per document id. */
export type WriteOutcome = { outcome: 'added' | 'updated' | 'unchanged' } | { outcome: 'failed'; message: string };

/** Where documents go: the indexing pipeline (crawler/index-sink.ts), or a list in tests. */
export interface CrawlSink {
  write(docs: SourceDocument[]): Promise<Map<string, WriteOutcome>>;
  delete(docIds: string[]): Promise<void>;
}

export interface CrawlProgress {
  /** Pages settled (visited and written) in this crawl. */
  done: number;
  /** Pages still queued. */
  queued: number;
  counts: CrawlCounts;
}
