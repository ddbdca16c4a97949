import { ANALYTICS_BUCKET_MS } from '../domain/analytics.ts';
import { KensakuError } from '../errors/kensaku-error.ts';
import type { AnalyticsRange } from '../store/analytics-store.ts';

const DAY_MS = 86_400_000;

/** A range as asked for: ISO times, one key or origin. */
export interface RangeAsked {
  from?: string;
  to?: string;
  key?: string;
  origin?: string;
}

/**
 * The buckets a view reads: `to` (default now) exclusive, `from` (default 7 days before it) down to its hour, since
 * a bucket is counted whole or not at all. GET /analytics/… and `kensaku analytics` read the same.
 */
export function analyticsRange(asked: RangeAsked, now = Date.now()): AnalyticsRange {
  const to = asked.to ? Date.parse(asked.to) : now + 1;
  const rawFrom = asked.from ? Date.parse(asked.from) : to - 7 * DAY_MS;
  if (Number.isNaN(to) || Number.isNaN(rawFrom))
    throw new KensakuError('invalid_request', 'from, to: ISO dates or times, e.g. 2026-12-01 or 2026-12-01T09:00Z');
  if (rawFrom >= to) throw new KensakuError('invalid_request', 'from: must be before to');
  const from = Math.floor(rawFrom / ANALYTICS_BUCKET_MS) * ANALYTICS_BUCKET_MS;
  return { from, to, key: asked.key, origin: asked.origin };
}
