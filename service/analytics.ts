import type { Logger } from 'pino';
import type { AnalyticsGroup } from '../domain/analytics.ts';
import { KensakuError, errorMessage } from '../errors/kensaku-error.ts';
import { createAnalyticsStore, type AnalyticsStore } from '../store/analytics-store.ts';
import { meiliClient } from '../store/meili-client.ts';
import { createAnalyticsRecorder, type EventCount, type SearchCount } from './analytics-recorder.ts';
import { createAnalyticsReport } from './analytics-report.ts';
import type { Core } from './open-core.ts';
import type { AnalyticsSettings } from './settings.ts';
import { analyticsSecret, createQueryIds } from './query-id.ts';

export interface AnalyticsOptions extends AnalyticsSettings {
  store: AnalyticsStore;
  /** The queryIds' HMAC key (query-id.ts analyticsSecret). */
  secret: string;
  logger: Logger;
  now?: () => number;
}

/** A click or conversion as POST /events sends it, with the caller's analytics key. */
export interface IncomingEvent {
  type: 'click' | 'conversion';
  queryId: string;
  position?: number;
  /** `key:<id>`, `search-key`, `admin` or `anonymous`; admin may send events for any search. */
  caller: string;
}

export type Analytics = ReturnType<typeof createAnalytics>;

export type AnalyticsHealth =
  | { status: 'off' }
  | { status: 'recording'; pendingRecords: number }
  | { status: 'failing'; pendingRecords: number; reason: string; since: string; lastSeen: string };

/** Search analytics: counting (recorder), signed queryIds, and the views (report). */
export function createAnalytics(options: AnalyticsOptions) {
  const recorder = createAnalyticsRecorder({
    store: options.store,
    flushMs: options.flushMs,
    retentionDays: options.retentionDays,
    now: options.now,
    onError: (message, e) => options.logger.warn({ err: errorMessage(e) }, message),
  });
  const ids = createQueryIds({ secret: options.secret, now: options.now });
  const off = () => {
    throw new KensakuError('analytics_off', 'analytics are off on this server (ANALYTICS=off)');
  };
  return {
    enabled: options.enabled,
    /** Counts a search and returns its queryId; null with ANALYTICS=off. */
    searched(search: SearchCount): string | null {
      if (!options.enabled) return null;
      recorder.searched(search);
      return ids.sign(search);
    },
    /** Counts a click or conversion on a search the caller made; throws the catalog's 4xx for a bad queryId. */
    event(e: IncomingEvent): AnalyticsGroup {
      if (!options.enabled) off();
      const search = ids.verify(e.queryId);
      if (e.caller !== 'admin' && search.key !== e.caller)
        throw new KensakuError('query_id_forbidden', 'this queryId belongs to a search made with another key');
      const count: EventCount = { ...search, type: e.type, position: e.position };
      recorder.event(count);
      return search;
    },
    report: createAnalyticsReport({
      read: (range) => (options.enabled ? options.store.read(range) : off()),
    }),
    /** What /health says: off, recording, or failing to write (the counts kept in memory meanwhile). */
    health(): AnalyticsHealth {
      if (!options.enabled) return { status: 'off' };
      const { pendingRecords, failing } = recorder.health();
      return failing ? { status: 'failing', pendingRecords, ...failing } : { status: 'recording', pendingRecords };
    },
    flush: () => recorder.flush(),
    prune: () => recorder.prune(),
    start: () => (options.enabled ? recorder.start() : undefined),
    stop: () => recorder.stop(),
  };
}

/** The Core's analytics: the store on the primary (its index made on first use; ANALYTICS=off never uses it). */
export function analyticsOf(core: Core, now?: () => number): Analytics {
  const { analytics } = core.settings;
  const { indexName, taskTimeoutMs, timeoutMs } = core.settings.store;
  const client = meiliClient({ url: core.meili.url, apiKey: core.meili.apiKey, timeoutMs });
  const store = createAnalyticsStore({ client, indexName, taskTimeoutMs });
  return createAnalytics({
    ...analytics,
    store,
    secret: analyticsSecret({ meiliKey: core.meili.apiKey, adminKey: core.settings.http.adminKey, indexName }),
    logger: core.logger,
    now,
  });
}
