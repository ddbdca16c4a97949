/** Percent-escapes of unreserved characters mean the character itself (RFC 3986 §6.2.2.2). */
const UNRESERVED_ESCAPE = /%(2[DEde]|3[0-9]|4[1-9A-Fa-f]|5[0-9Aa]|5[Ff]|6[1-9A-Fa-f]|7[0-9Aa]|7[Ee])/g;

/**
 * The form a URL is fetched in: http(s) only, the fragment dropped, scheme and host lower case and the default port
 * dropped (WHATWG URL does both), dot segments resolved, escapes of unreserved characters decoded, and the query
 * either dropped or kept with its parameters sorted (`keepQuery`: all, or the listed names). Null for anything that
 * is not an http(s) URL.
 */
export function normalizeUrl(input: string, base?: string, keepQuery: boolean | string[] = false): string | null {
  let url: URL;
  try {
    url = new URL(input.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  url.username = '';
  url.password = '';
  url.pathname = url.pathname.replace(UNRESERVED_ESCAPE, (e) => String.fromCharCode(parseInt(e.slice(1), 16)));
  const kept = [...url.searchParams].filter(
    ([name]) => keepQuery === true || (Array.isArray(keepQuery) && keepQuery.includes(name)),
  );
  kept.sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  url.search = kept.length ? new URLSearchParams(kept).toString() : '';
  return url.href;
}

/**
 * An http(s) URL resolved against a base, or null: what a site writes (a Location, a sitemap's `<loc>`, a robots.txt
 * `Sitemap:` line) may be any text, and one bad entry must not throw out of the crawl.
 */
export function absoluteUrl(input: string, base?: string): string | null {
  try {
    const url = new URL(input.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * A page's identity: its normalised URL without a trailing slash (but the root's), so `/guide` and `/guide/` are one
 * page however the site links it. The scheme is kept: http and https of one host may differ.
 */
export function pageKey(normalized: string): string {
  const url = new URL(normalized);
  if (url.pathname.length > 1 && url.pathname.endsWith('/')) url.pathname = url.pathname.replace(/\/+$/, '');
  return url.href;
}

/**
 * A page's document id: the canonical URL without its scheme — host, path (no trailing slash, escapes decoded so
 * Japanese paths stay readable) and kept query, e.g. `vite.dev/guide/features`. The host keeps two sites' `/` apart;
 * the scheme is left out so a site moving to https keeps its ids.
 */
export function documentIdOf(canonical: string): string {
  const url = new URL(pageKey(canonical));
  let path = url.pathname;
  try {
    path = decodeURI(path);
  } catch {
    // A malformed escape: keep the path as it came.
  }
  return `${url.host}${path === '/' ? '/' : path}${url.search}`;
}

/** Same site: the same host and port, whatever the scheme (a site that redirects http to https stays itself). */
export function sameSite(a: string | URL, b: string | URL): boolean {
  return new URL(a).host === new URL(b).host;
}
