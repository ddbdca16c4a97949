import { gunzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { errorMessage } from '../errors/kensaku-error.ts';
import type { Fetcher } from './fetcher.ts';
import type { CrawlFailure } from './types.ts';
import { absoluteUrl, sameSite } from './url.ts';

export type ParsedSitemap = { kind: 'urlset'; urls: string[] } | { kind: 'index'; sitemaps: string[] };

// Entities are the five XML ones only (no DTD expansion): a sitemap is untrusted input.
const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  processEntities: true,
  isArray: (name) => name === 'url' || name === 'sitemap',
});

/**
 * One sitemap file (sitemaps.org): a `<urlset>` of pages or a `<sitemapindex>` of sitemaps, gzipped or not; a plain
 * text sitemap (one URL a line) too. Throws on anything else.
 */
export function parseSitemap(bytes: Uint8Array): ParsedSitemap {
  // 50 MB uncompressed is the protocol's limit for one sitemap; more is a gzip bomb.
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes, { maxOutputLength: 50 * 1024 * 1024 }) : bytes;
  const text = new TextDecoder()
    .decode(raw)
    .replace(/^\uFEFF/, '')
    .trim();
  // Split on line ends, then trim: a `\s*\n\s*` split backtracks quadratically on a long run of spaces.
  if (!text.startsWith('<'))
    return {
      kind: 'urlset',
      urls: text
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => /^https?:\/\//i.test(line)),
    };
  const doc = parser.parse(text) as {
    urlset?: { url?: { loc?: unknown }[] };
    sitemapindex?: { sitemap?: { loc?: unknown }[] };
  };
  const locs = (items: { loc?: unknown }[] | undefined) =>
    (items ?? []).map((i) => String(i.loc ?? '').trim()).filter(Boolean);
  if (doc.sitemapindex) return { kind: 'index', sitemaps: locs(doc.sitemapindex.sitemap) };
  if (doc.urlset) return { kind: 'urlset', urls: locs(doc.urlset.url) };
  throw new Error('neither <urlset> nor <sitemapindex>');
}

export interface SitemapReading {
  maxSitemaps: number;
  maxRedirects: number;
  /** The crawl's site: a sitemap file elsewhere (an index entry, a redirect) is not requested. */
  site: string;
  /** Takes each page URL as it is read; false once the crawl can take no more, and no further file is read. */
  found: (url: string) => boolean;
  /** The first root is the crawl's own list: when it cannot be read, nothing else is read. */
  firstRequired?: boolean;
}

/**
 * The page URLs of these sitemaps, following sitemap indexes (nested ones too, which the protocol does not allow
 * but sites do) up to `maxSitemaps` files, each read once, all on the crawl's site (the protocol's rule for an index:
 * otherwise a hostile index makes the crawler request any host, an internal one too). A sitemap that cannot be read
 * is reported, not fatal.
 * `full` says reading stopped because `found` could take no more: a site can list far more pages than a crawl visits.
 */
export async function readSitemaps(
  roots: string[],
  fetcher: Fetcher,
  { maxSitemaps, maxRedirects, site, found, firstRequired = false }: SitemapReading,
): Promise<{ problems: CrawlFailure[]; read: number; full: boolean }> {
  const queue = [...roots];
  const seen = new Set<string>();
  const problems: CrawlFailure[] = [];
  let full = false;
  while (queue.length > 0 && seen.size < maxSitemaps && !full) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const res = await fetchFollowing(url, fetcher, maxRedirects, site);
    let parsed: ParsedSitemap | null = null;
    try {
      if (res.kind !== 'body') throw new Error(res.reason);
      parsed = parseSitemap(res.body);
    } catch (e) {
      problems.push({ url, reason: `sitemap unreadable: ${errorMessage(e)}` });
      if (firstRequired && url === roots[0]) return { problems, read: seen.size, full };
      continue;
    }
    if (parsed.kind === 'index') {
      const elsewhere: string[] = [];
      for (const entry of parsed.sitemaps) {
        const child = absoluteUrl(entry, url);
        if (child && sameSite(child, site)) queue.push(child);
        else elsewhere.push(child ?? entry.slice(0, 200));
      }
      if (elsewhere.length > 0) {
        const more = elsewhere.length > 1 ? ` (and ${elsewhere.length - 1} more)` : '';
        problems.push({
          url: elsewhere[0],
          reason: `sitemap index entry not an http(s) URL of this site${more}: not read`,
        });
      }
    } else full = !parsed.urls.every((u) => found(u));
  }
  if (!full && queue.some((u) => !seen.has(u)))
    problems.push({ url: roots[0], reason: `more than ${maxSitemaps} sitemap files: the rest were not read` });
  return { problems, read: seen.size, full };
}

async function fetchFollowing(
  url: string,
  fetcher: Fetcher,
  maxRedirects: number,
  site: string,
): Promise<{ kind: 'body'; body: Uint8Array } | { kind: 'error'; reason: string }> {
  for (let hop = 0; hop <= maxRedirects; hop++) {
    if (!sameSite(url, site)) return { kind: 'error', reason: `redirects to ${url}, on another site` };
    const res = await fetcher.get(url);
    if (res.kind === 'body') return res;
    const next = res.kind === 'redirect' && res.location ? absoluteUrl(res.location, url) : null;
    if (next) {
      url = next;
      continue;
    }
    return {
      kind: 'error',
      reason:
        res.kind === 'status'
          ? `HTTP ${res.status}`
          : res.kind === 'error'
            ? res.reason
            : res.kind === 'redirect'
              ? `HTTP ${res.status} without a usable Location`
              : `HTTP ${res.kind}`,
    };
  }
  return { kind: 'error', reason: `more than ${maxRedirects} redirects` };
}
