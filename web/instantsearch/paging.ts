// InstantSearch pages → kensaku's offset and limit, within what /search accepts: limit ≤ 100 and offset + limit ≤ 1000
// (api/search-schemas.ts MAX_DEPTH; a test holds the two equal).

export const MAX_DEPTH = 1000;
export const MAX_LIMIT = 100;
/** What InstantSearch (Algolia) uses when no widget sets hitsPerPage. */
export const DEFAULT_HITS_PER_PAGE = 20;

export interface Paging {
  page: number;
  hitsPerPage: number;
  offset: number;
  limit: number;
}

function wholeNumber(v: unknown, fallback: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : fallback;
}

/** How many whole pages kensaku can serve; 0 for a counts-only request. */
export function reachablePages(hitsPerPage: number): number {
  return hitsPerPage > 0 ? Math.floor(MAX_DEPTH / hitsPerPage) : 0;
}

/** hitsPerPage is clamped to 100 and a page past the reachable ones to the last of them. */
export function paging(rawPage: unknown, rawHitsPerPage: unknown): Paging {
  const hitsPerPage = Math.min(MAX_LIMIT, wholeNumber(rawHitsPerPage, DEFAULT_HITS_PER_PAGE));
  const page = Math.min(wholeNumber(rawPage, 0), Math.max(0, reachablePages(hitsPerPage) - 1));
  return { page, hitsPerPage, offset: page * hitsPerPage, limit: hitsPerPage };
}

/** ceil(nbHits / hitsPerPage), never more pages than kensaku can serve. */
export function pageCount(nbHits: number, hitsPerPage: number): number {
  if (hitsPerPage <= 0 || nbHits <= 0) return 0;
  return Math.min(Math.ceil(nbHits / hitsPerPage), reachablePages(hitsPerPage));
}
