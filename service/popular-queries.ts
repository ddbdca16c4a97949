import { ANALYTICS_BUCKET_MS } from '../domain/analytics.ts';
import type { PopularQueries } from '../search/suggest/types.ts';
import type { Analytics } from './analytics.ts';

// The searches suggestions learn from: the last 30 days.
const WINDOW_MS = 30 * 24 * 3_600_000;
// Queries read per key: the most searched.
const TOP = 1000;

/**
 * A key's popular queries that found something, from the analytics store (what every process flushed): the searches
 * of that key only. Null with ANALYTICS=off, so suggestions then come from the documents alone.
 */
export function popularQueriesOf(analytics: Analytics, now: () => number = Date.now): PopularQueries | null {
  if (!analytics.enabled) return null;
  return async (key) => {
    const t = now();
    const top = await analytics.report.top({ from: t - WINDOW_MS, to: t + ANALYTICS_BUCKET_MS, key, limit: TOP });
    return top
      .filter((q) => q.query && q.zeroHits < q.searches)
      .map((q) => ({ query: q.query, searches: q.searches - q.zeroHits }));
  };
}
