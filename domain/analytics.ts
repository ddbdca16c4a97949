/** Who made a search, as analytics counts it: `key:<id>` (a scoped key), `search-key`, `admin` or `anonymous`. */
export type AnalyticsKey = string;

/** The four things a search is counted under, with its time bucket. */
export interface AnalyticsGroup {
  /** As the keyword leg normalised it (NFKC, trimmed, folded: search/logged-query.ts). */
  query: string;
  mode: string;
  key: AnalyticsKey;
  /** The request's Origin header; '' without one. */
  origin: string;
}

/** Counters of one group: everything a view sums. */
export interface AnalyticsCounters {
  searches: number;
  zeroHits: number;
  /** Sum of the searches' hit counts (after the relevance floor). */
  hits: number;
  /** Sum of the searches' latencies, ms. */
  latencyMs: number;
  clicks: number;
  conversions: number;
  /** Sum of the clicks' positions (1 = the first hit). */
  positionSum: number;
  /** Clicks per position ("1", "2", …; positions past 20 count as "21+"). */
  positions: Record<string, number>;
}

/**
 * One process's counters of one group in one bucket, as stored. Meilisearch has no atomic increment, so each
 * process writes its own record (the id holds the process's run id) with its running totals, and readers sum them.
 */
export interface AnalyticsRecord extends AnalyticsGroup, AnalyticsCounters {
  id: string;
  /** Start of the hour, epoch ms. */
  bucket: number;
  /** The writing process's run id (random per start). */
  process: string;
}

/** An analytics bucket's length: searches over time are counted per hour. */
export const ANALYTICS_BUCKET_MS = 3_600_000;

// What the views answer (service/analytics-report.ts), and what the dashboard reads (web/dashboard).

/** A query's totals over a range, summed over modes, keys, origins, buckets and processes. */
export interface QueryTotals {
  query: string;
  searches: number;
  zeroHits: number;
  /** Mean hit count per search. */
  meanHits: number;
  clicks: number;
  conversions: number;
  /** clicks ÷ searches; null before any search. */
  clickThrough: number | null;
  /** Mean position of the clicks (1 first); null without clicks. */
  meanClickPosition: number | null;
}

export interface BucketTotals {
  /** Start of the hour, ISO. */
  bucket: string;
  searches: number;
  zeroHits: number;
  clicks: number;
  conversions: number;
  clickThrough: number | null;
  meanLatencyMs: number | null;
}

export interface ClickTotals {
  searches: number;
  clicks: number;
  conversions: number;
  clickThrough: number | null;
  meanClickPosition: number | null;
  /** Clicks per position ("21+" past 20). */
  positions: Record<string, number>;
}
