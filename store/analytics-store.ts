import type { Meilisearch } from 'meilisearch';
import type { AnalyticsRecord } from '../domain/analytics.ts';
import { ensureIndex } from './ensure-index.ts';
import { meili } from './meili-errors.ts';
import { settle } from './tasks.ts';

export interface AnalyticsStoreOptions {
  /** The primary's client: every API process reads and writes the same records. */
  client: Meilisearch;
  /** The chunk index's name: records live in `<indexName>_analytics`. */
  indexName: string;
  taskTimeoutMs: number;
}

/** Which records a read takes: buckets in [from, to), and one key or origin if given. */
export interface AnalyticsRange {
  from: number;
  to: number;
  key?: string;
  origin?: string;
}

// Records read per request while a range is summed.
const PAGE = 1000;

export type AnalyticsStore = ReturnType<typeof createAnalyticsStore>;

/** Per-process, per-bucket analytics records in Meilisearch on the primary (domain/analytics.ts says why per process). */
export function createAnalyticsStore(options: AnalyticsStoreOptions) {
  const uid = `${options.indexName}_analytics`;
  const index = options.client.index<AnalyticsRecord>(uid);
  const wait = (doing: string, enqueue: Parameters<typeof settle>[2]) =>
    settle(options.client, doing, enqueue, options.taskTimeoutMs);
  // Read by filter and summed here, never searched: nothing to tokenise. Made on first use, so a server with
  // ANALYTICS=off never makes it; a failed attempt is retried by the next use.
  let made: Promise<void> | null = null;
  const ensure = () =>
    (made ??= ensureIndex(
      options.client,
      uid,
      { searchableAttributes: [], filterableAttributes: ['bucket', 'key', 'origin'] },
      wait,
    ).catch((e) => {
      made = null;
      throw e;
    }));
  return {
    uid,
    ensure,
    /** Replaces each record whole: a process always writes its running totals, so a later write supersedes. */
    async put(records: AnalyticsRecord[]): Promise<void> {
      if (!records.length) return;
      await ensure();
      await wait('writing analytics', () => index.addDocuments(records, { primaryKey: 'id' }));
    },
    async read(range: AnalyticsRange): Promise<AnalyticsRecord[]> {
      const filter = [
        `bucket >= ${Math.floor(range.from)}`,
        `bucket < ${Math.ceil(range.to)}`,
        ...(range.key !== undefined ? [`key = ${JSON.stringify(range.key)}`] : []),
        // Meilisearch's `= ""` matches nothing: requests without an Origin (same-origin pages) are IS EMPTY.
        ...(range.origin === '' ? ['origin IS EMPTY'] : []),
        ...(range.origin ? [`origin = ${JSON.stringify(range.origin)}`] : []),
      ].join(' AND ');
      await ensure();
      const out: AnalyticsRecord[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = await meili('reading analytics', () => index.getDocuments({ filter, limit: PAGE, offset }));
        out.push(...page.results);
        if (page.results.length < PAGE) return out;
      }
    },
    /** Removes every bucket that starts before `cutoff`. */
    async deleteBefore(cutoff: number): Promise<void> {
      await ensure();
      await wait('pruning analytics', () => index.deleteDocuments({ filter: `bucket < ${Math.floor(cutoff)}` }));
    },
  };
}
