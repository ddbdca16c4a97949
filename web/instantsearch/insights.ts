import { createEventSender, type EventSender } from '../shared/events.ts';

// An insightsClient for InstantSearch's insights middleware that sends clicks to kensaku's POST /events instead of
// Algolia: createInsightsMiddleware({ insightsClient: kensakuInsightsClient({ url, apiKey }) }).

export interface KensakuInsightsClientOptions {
  /** kensaku's base URL, as given to kensakuSearchClient. */
  url: string;
  /** The key the searches were made with: a key may only send events for its own searches. */
  apiKey?: string;
}

/** What search-insights' clickedObjectIDsAfterSearch takes, as far as kensaku reads it. */
export interface ClickedAfterSearch {
  queryID?: unknown;
  objectIDs?: unknown;
  positions?: unknown;
}

/** search-insights' calling convention: aa(method, payload, ...), a function with a version. */
export type KensakuInsightsClient = ((method: string, payload?: unknown, ...rest: unknown[]) => void) & {
  version: string;
};

/** One click per object, at its position (1 first, as InstantSearch's __position counts, the page counted). */
export function sendClicks(events: EventSender, p: ClickedAfterSearch): number {
  if (!p || typeof p.queryID !== 'string' || !Array.isArray(p.objectIDs) || !Array.isArray(p.positions)) return 0;
  let sent = 0;
  for (let i = 0; i < p.objectIDs.length; i++) {
    const chunkId = p.objectIDs[i];
    const position = p.positions[i];
    if (typeof chunkId !== 'string' || typeof position !== 'number') continue;
    events.click({ queryId: p.queryID, chunkId, position });
    sent++;
  }
  return sent;
}

/**
 * Takes clickedObjectIDsAfterSearch (and the click events of sendEvents); every other call (init, user tokens, views,
 * conversions without a position, InstantSearch's usage events) is accepted and dropped: kensaku stores no user token.
 */
export function kensakuInsightsClient(options: KensakuInsightsClientOptions): KensakuInsightsClient {
  if (!options || typeof options.url !== 'string' || !options.url)
    throw new Error('kensaku instantsearch: kensakuInsightsClient needs options.url (the kensaku base URL)');
  const base = options.url.replace(/\/+$/, '');
  const events = createEventSender({ api: base, key: () => options.apiKey || '', who: 'kensaku instantsearch' });
  const client = (method: string, payload?: unknown, ...rest: unknown[]) => {
    if (method === 'clickedObjectIDsAfterSearch') sendClicks(events, payload as ClickedAfterSearch);
    else if (method === 'sendEvents' && Array.isArray(payload)) {
      for (const e of payload) if (e && e.eventType === 'click') sendClicks(events, e as ClickedAfterSearch);
    } else if (method === 'getUserToken') {
      const cb = rest[0];
      if (typeof cb === 'function') cb(null, undefined);
    }
  };
  // A modern client (≥ 2.6): the middleware then skips 'init', which would ask for an Algolia appId.
  return Object.assign(client, { version: '2.17.0' });
}
