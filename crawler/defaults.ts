import { createRequire } from 'node:module';
import type { CrawlLimits } from './types.ts';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/**
 * robots.txt groups are matched on the product token before the `/`: `kensaku-crawler`. The project has no public
 * page to point at, so a `(+url)` contact is for the operator to add (CrawlSpec.userAgent).
 */
export const DEFAULT_USER_AGENT = `kensaku-crawler/${version}`;

export const DEFAULT_LIMIT = 5000;
export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_DELAY_MS = 0;
/** robots.txt may ask for a longer delay; a longer one than this would stall a crawl for hours. */
export const MAX_CRAWL_DELAY_MS = 30_000;

export const DEFAULT_LIMITS: CrawlLimits = {
  connectTimeoutMs: 10_000,
  timeoutMs: 30_000,
  // A 10 MB PDF of text reads in seconds; a 300 kB one whose stream inflates to 100 MB took 20 s.
  readTimeoutMs: 30_000,
  // Large enough for the PDFs of a documentation site; a page bigger than this is rarely one a reader wants.
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
  maxDepth: 50,
  maxQueryVariants: 20,
  maxPerTemplate: 300,
  maxUrlLength: 2000,
  checkpointEvery: 32,
  maxSitemaps: 200,
  // A documentation page's navigation links a few hundred pages; more is a link farm, listed better by a sitemap.
  maxLinksPerPage: 1000,
};
