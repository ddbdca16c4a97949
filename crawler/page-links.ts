import { normalizeUrl, sameSite } from './url.ts';

export interface PageLinksOptions {
  start: string;
  keepQuery: boolean | string[];
  maxLinksPerPage: number;
}

/**
 * The links of a page the crawl follows and keeps in the page's record (to follow again when the page is unchanged):
 * same-site, normalised, once each, and the first `maxLinksPerPage` only. A page of 200,000 links would otherwise put
 * them all in its record, and a site of such pages the crawl state in gigabytes. `cut` says links were left out.
 */
export function pageLinks(hrefs: string[], options: PageLinksOptions): { links: string[]; cut: boolean } {
  const kept = new Set<string>();
  for (const href of hrefs) {
    const url = normalizeUrl(href, undefined, options.keepQuery);
    if (!url || !sameSite(url, options.start) || kept.has(url)) continue;
    if (kept.size === options.maxLinksPerPage) return { links: [...kept], cut: true };
    kept.add(url);
  }
  return { links: [...kept], cut: false };
}
