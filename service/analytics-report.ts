import {
  ANALYTICS_BUCKET_MS,
  type AnalyticsCounters,
  type AnalyticsRecord,
  type BucketTotals,
  type ClickTotals,
  type QueryTotals,
} from '../domain/analytics.ts';
import type { AnalyticsRange, AnalyticsStore } from '../store/analytics-store.ts';

export interface ReportOptions extends AnalyticsRange {
  limit: number;
  /** low-ctr: queries with fewer searches say nothing about their click-through. */
  minSearches?: number;
}

const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 1e4) / 1e4 : null);

function sum(records: AnalyticsRecord[], into: AnalyticsCounters = zero()): AnalyticsCounters {
  for (const r of records) {
    into.searches += r.searches;
    into.zeroHits += r.zeroHits;
    into.hits += r.hits;
    into.latencyMs += r.latencyMs;
    into.clicks += r.clicks;
    into.conversions += r.conversions;
    into.positionSum += r.positionSum;
    for (const [p, n] of Object.entries(r.positions ?? {})) into.positions[p] = (into.positions[p] ?? 0) + n;
  }
  return into;
}

function zero(): AnalyticsCounters {
  return { searches: 0, zeroHits: 0, hits: 0, latencyMs: 0, clicks: 0, conversions: 0, positionSum: 0, positions: {} };
}

function grouped<K>(records: AnalyticsRecord[], keyOf: (r: AnalyticsRecord) => K): Map<K, AnalyticsRecord[]> {
  const out = new Map<K, AnalyticsRecord[]>();
  for (const r of records) {
    const k = keyOf(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

function perQuery(records: AnalyticsRecord[]): QueryTotals[] {
  return [...grouped(records, (r) => r.query)].map(([query, rs]) => {
    const c = sum(rs);
    return {
      query,
      searches: c.searches,
      zeroHits: c.zeroHits,
      meanHits: ratio(c.hits, c.searches) ?? 0,
      clicks: c.clicks,
      conversions: c.conversions,
      clickThrough: ratio(c.clicks, c.searches),
      meanClickPosition: ratio(c.positionSum, c.clicks),
    };
  });
}

const byText = (a: QueryTotals, b: QueryTotals) => (a.query < b.query ? -1 : a.query > b.query ? 1 : 0);

export type AnalyticsReport = ReturnType<typeof createAnalyticsReport>;

/** The views over the stored records: each reads the range and sums every process's records. */
export function createAnalyticsReport(store: Pick<AnalyticsStore, 'read'>) {
  return {
    /** Most searched queries. */
    async top(o: ReportOptions): Promise<QueryTotals[]> {
      return perQuery(await store.read(o))
        .sort((a, b) => b.searches - a.searches || byText(a, b))
        .slice(0, o.limit);
    },
    /** Queries that found nothing, by how often. */
    async noResults(o: ReportOptions): Promise<QueryTotals[]> {
      return perQuery(await store.read(o))
        .filter((q) => q.zeroHits > 0)
        .sort((a, b) => b.zeroHits - a.zeroHits || byText(a, b))
        .slice(0, o.limit);
    },
    /** Queries with results that people search often and rarely click, lowest click-through first. */
    async lowClickThrough(o: ReportOptions): Promise<QueryTotals[]> {
      const min = o.minSearches ?? 1;
      return perQuery(await store.read(o))
        .filter((q) => q.searches >= min && q.zeroHits < q.searches)
        .sort((a, b) => (a.clickThrough ?? 0) - (b.clickThrough ?? 0) || b.searches - a.searches || byText(a, b))
        .slice(0, o.limit);
    },
    /** Click-through rate, mean click position and clicks per position over the range. */
    async clicks(o: AnalyticsRange): Promise<ClickTotals> {
      const c = sum(await store.read(o));
      return {
        searches: c.searches,
        clicks: c.clicks,
        conversions: c.conversions,
        clickThrough: ratio(c.clicks, c.searches),
        meanClickPosition: ratio(c.positionSum, c.clicks),
        positions: c.positions,
      };
    },
    /** Searches per hour (only hours with searches or events), and the keys and origins seen, for a switch. */
    async searches(o: AnalyticsRange) {
      const records = await store.read(o);
      const buckets: BucketTotals[] = [...grouped(records, (r) => r.bucket)]
        .sort(([a], [b]) => a - b)
        .map(([bucket, rs]) => {
          const c = sum(rs);
          return {
            bucket: new Date(bucket).toISOString(),
            searches: c.searches,
            zeroHits: c.zeroHits,
            clicks: c.clicks,
            conversions: c.conversions,
            clickThrough: ratio(c.clicks, c.searches),
            meanLatencyMs: ratio(c.latencyMs, c.searches),
          };
        });
      const count = (keyOf: (r: AnalyticsRecord) => string) =>
        [...grouped(records, keyOf)]
          .map(([name, rs]) => ({ name, searches: sum(rs).searches }))
          .sort((a, b) => b.searches - a.searches);
      const total = sum(records);
      return {
        bucketMs: ANALYTICS_BUCKET_MS,
        searches: total.searches,
        zeroHits: total.zeroHits,
        buckets,
        keys: count((r) => r.key),
        origins: count((r) => r.origin),
      };
    },
    /** Every query's totals per hour, for export. */
    async rows(o: AnalyticsRange) {
      const records = await store.read(o);
      return [...grouped(records, (r) => JSON.stringify([r.bucket, r.query, r.mode, r.key, r.origin]))]
        .map(([, rs]) => {
          const c = sum(rs);
          const { bucket, query, mode, key, origin } = rs[0];
          return { bucket: new Date(bucket).toISOString(), query, mode, key, origin, ...c };
        })
        .sort((a, b) => (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : b.searches - a.searches));
    },
  };
}
