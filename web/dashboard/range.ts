import type { BucketTotals } from '../../domain/analytics.ts';

// The time range presets, and the hourly series the charts draw: the API lists only hours with searches or events,
// so the hours between are filled with zeros (and no click-through, which is undefined without searches).

export const RANGES = { '24h': 24, '7d': 24 * 7, '30d': 24 * 30 } as const;
export type RangeName = keyof typeof RANGES;
export const DEFAULT_RANGE: RangeName = '7d';

const HOUR_MS = 3_600_000;

export function rangeName(v: string | null): RangeName {
  return v && v in RANGES ? (v as RangeName) : DEFAULT_RANGE;
}

/** The range's start: its number of hours back from the current hour's end, so the current hour is the last drawn. */
export function rangeStart(name: RangeName, now = Date.now()): Date {
  return new Date((Math.floor(now / HOUR_MS) + 1 - RANGES[name]) * HOUR_MS);
}

export interface Series {
  /** Hour starts, in seconds (what uPlot's time axis takes). */
  times: number[];
  searches: number[];
  zeroHits: number[];
  clicks: number[];
  /** Click-through in %, null for hours without searches (a gap, not a zero). */
  clickThrough: Array<number | null>;
}

export function hourlySeries(from: Date, buckets: BucketTotals[], bucketMs: number, now = Date.now()): Series {
  const byTime = new Map(buckets.map((b) => [Date.parse(b.bucket), b]));
  const s: Series = { times: [], searches: [], zeroHits: [], clicks: [], clickThrough: [] };
  const step = bucketMs || HOUR_MS;
  for (let t = Math.floor(from.getTime() / step) * step; t <= now; t += step) {
    const b = byTime.get(t);
    s.times.push(t / 1000);
    s.searches.push(b ? b.searches : 0);
    s.zeroHits.push(b ? b.zeroHits : 0);
    s.clicks.push(b ? b.clicks : 0);
    s.clickThrough.push(b && b.clickThrough !== null ? Math.round(b.clickThrough * 1000) / 10 : null);
  }
  return s;
}
