import { errorMessage } from '../errors/kensaku-error.ts';
import { createHash, randomUUID } from 'node:crypto';
import {
  ANALYTICS_BUCKET_MS,
  type AnalyticsCounters,
  type AnalyticsGroup,
  type AnalyticsRecord,
} from '../domain/analytics.ts';
import type { AnalyticsStore } from '../store/analytics-store.ts';

export interface AnalyticsRecorderOptions {
  store: Pick<AnalyticsStore, 'put' | 'deleteBefore'>;
  /** How often the running totals are written; a crash loses at most this window. */
  flushMs: number;
  /** Buckets older than this are removed (each process prunes at start and hourly; the delete is idempotent). */
  retentionDays: number;
  /** Failed flushes and prunes: the totals stay in memory and the next flush writes them. */
  onError: (message: string, e: unknown) => void;
  now?: () => number;
}

/** A search as counted: its group, hit count after the relevance floor, and latency. */
export interface SearchCount extends AnalyticsGroup {
  hits: number;
  latencyMs: number;
}

/** A click or conversion on a search's group; the position is the hit's, 1 first. */
export interface EventCount extends AnalyticsGroup {
  type: 'click' | 'conversion';
  position?: number;
}

// Groups one process holds per bucket; past it, new queries count under OVERFLOW, so a flood of distinct queries
// cannot grow memory or the index without bound.
const MAX_GROUPS = 20_000;
export const OVERFLOW_QUERY = '(other queries)';
const MAX_POSITION = 20;

export type AnalyticsRecorder = ReturnType<typeof createAnalyticsRecorder>;

const empty = (): AnalyticsCounters => ({
  searches: 0,
  zeroHits: 0,
  hits: 0,
  latencyMs: 0,
  clicks: 0,
  conversions: 0,
  positionSum: 0,
  positions: {},
});

/**
 * Counts searches and events in memory per (hour, query, mode, key, origin) and writes this process's running totals
 * every flushMs, one record per group and process: Meilisearch cannot increment, so processes never write each
 * other's records and readers sum them. A bucket leaves memory once it is past and written.
 */
export function createAnalyticsRecorder(options: AnalyticsRecorderOptions) {
  const now = options.now ?? Date.now;
  const run = randomUUID();
  const buckets = new Map<number, Map<string, AnalyticsRecord>>();
  const dirty = new Set<AnalyticsRecord>();
  let flushing: Promise<void> | null = null;
  /** Set while writes fail, so /health can say the counts are piling up in memory rather than in Meilisearch. */
  let failing: { reason: string; since: string; lastSeen: string } | null = null;
  let timer: NodeJS.Timeout | null = null;
  let retry: NodeJS.Timeout | null = null;
  let pruneTimer: NodeJS.Timeout | null = null;

  const recordOf = (group: AnalyticsGroup, at: number): AnalyticsRecord => {
    const bucket = Math.floor(at / ANALYTICS_BUCKET_MS) * ANALYTICS_BUCKET_MS;
    let groups = buckets.get(bucket);
    if (!groups) buckets.set(bucket, (groups = new Map()));
    let g = { query: group.query, mode: group.mode, key: group.key, origin: group.origin };
    let name = JSON.stringify([g.query, g.mode, g.key, g.origin]);
    if (!groups.has(name) && groups.size >= MAX_GROUPS) {
      g = { ...g, query: OVERFLOW_QUERY };
      name = JSON.stringify([g.query, g.mode, g.key, g.origin]);
    }
    let record = groups.get(name);
    if (!record) {
      const id = createHash('sha256').update(`${bucket}\0${name}\0${run}`).digest('hex').slice(0, 40);
      record = { id, bucket, process: run, ...g, ...empty() };
      groups.set(name, record);
    }
    dirty.add(record);
    return record;
  };

  const write = async () => {
    const batch = [...dirty];
    dirty.clear();
    try {
      // Copies: counting goes on while the write is under way.
      await options.store.put(batch.map((r) => ({ ...r, positions: { ...r.positions } })));
    } catch (e) {
      for (const r of batch) dirty.add(r);
      const at = new Date(now()).toISOString();
      failing = { reason: errorMessage(e), since: failing?.since ?? at, lastSeen: at };
      options.onError('writing analytics failed; the counts are kept for the next flush', e);
      // Retried within a second while the timer runs, so /health stops saying "failing" soon after Meilisearch is back.
      if (timer && !retry) {
        retry = setTimeout(() => void ((retry = null), recorder.flush()), Math.min(1000, options.flushMs));
        retry.unref();
      }
      return;
    }
    failing = null;
    const current = Math.floor(now() / ANALYTICS_BUCKET_MS) * ANALYTICS_BUCKET_MS;
    for (const [bucket, groups] of buckets)
      if (bucket < current && ![...groups.values()].some((r) => dirty.has(r))) buckets.delete(bucket);
  };

  const recorder = {
    run,
    searched(s: SearchCount): void {
      const r = recordOf(s, now());
      r.searches++;
      if (s.hits === 0) r.zeroHits++;
      r.hits += s.hits;
      r.latencyMs = Math.round((r.latencyMs + s.latencyMs) * 10) / 10;
    },
    event(e: EventCount): void {
      const r = recordOf(e, now());
      if (e.type === 'conversion') {
        r.conversions++;
        return;
      }
      r.clicks++;
      const position = e.position ?? 0;
      r.positionSum += position;
      const slot = position > MAX_POSITION ? `${MAX_POSITION + 1}+` : String(position);
      r.positions[slot] = (r.positions[slot] ?? 0) + 1;
    },
    /** Whether the last flush failed (since when, why), and the records waiting in memory for the next one. */
    health(): { pendingRecords: number; failing: typeof failing } {
      return { pendingRecords: dirty.size, failing: failing && { ...failing } };
    },
    /** Writes what changed since the last flush; one at a time. */
    async flush(): Promise<void> {
      while (flushing) await flushing;
      if (!dirty.size) return;
      flushing = write().finally(() => (flushing = null));
      await flushing;
    },
    async prune(): Promise<void> {
      await options.store.deleteBefore(now() - options.retentionDays * 86_400_000);
    },
    start(): void {
      if (timer) return;
      timer = setInterval(() => void recorder.flush(), options.flushMs);
      timer.unref();
      const prune = () => void recorder.prune().catch((e) => options.onError('pruning analytics failed', e));
      prune();
      pruneTimer = setInterval(prune, ANALYTICS_BUCKET_MS);
      pruneTimer.unref();
    },
    /** Clean shutdown: the last window is written. */
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      if (pruneTimer) clearInterval(pruneTimer);
      if (retry) clearTimeout(retry);
      timer = pruneTimer = retry = null;
      await recorder.flush();
    },
  };
  return recorder;
}
