import { sendableKey } from './unanswered.ts';

// POST /events for the page, the widget and the InstantSearch adapter: a click on a hit, counted for its search.
// fetch with keepalive, not sendBeacon: a beacon cannot carry the Authorization header the key goes in.

export interface ClickEvent {
  /** The queryId of the /search answer the hit came from. */
  queryId: string;
  chunkId: string;
  /** The hit's place in the results, 1 first, the offset counted. */
  position: number;
}

export interface EventsOptions {
  /** Where the API is, without a trailing slash. */
  api: string;
  /** The bearer key, read at each event; '' sends none. */
  key: () => string;
  /** Names the sender in the console line. */
  who: string;
}

export interface EventSender {
  /** Sends the click in the background; never throws, never delays the navigation that follows. */
  click(e: ClickEvent): void;
}

/** The queryId of a /search answer, or null (ANALYTICS=off answers null; an older server has none). */
export function queryIdOf(body: unknown): string | null {
  const id = body && typeof body === 'object' ? (body as { queryId?: unknown }).queryId : null;
  return typeof id === 'string' && id ? id : null;
}

export function createEventSender(options: EventsOptions): EventSender {
  let warned = false;
  function warnOnce(why: string): void {
    if (warned) return;
    warned = true;
    if (typeof console !== 'undefined') console.warn(`${options.who}: a click was not counted (POST /events: ${why})`);
  }

  return {
    click(e) {
      if (!e.queryId || !e.chunkId || !(e.position >= 1)) return;
      const key = options.key();
      if (!sendableKey(key)) return; // the search itself says what is wrong with the key
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (key) headers.Authorization = `Bearer ${key}`;
      const body = JSON.stringify({
        type: 'click',
        queryId: e.queryId,
        chunkId: e.chunkId,
        position: Math.min(1000, Math.floor(e.position)),
      });
      try {
        fetch(`${options.api}/events`, {
          method: 'POST',
          mode: 'cors',
          credentials: 'omit',
          keepalive: true,
          headers,
          body,
        })
          .then((res) => {
            if (!res.ok) warnOnce(`HTTP ${res.status}`);
          })
          .catch(() => warnOnce('no answer'));
      } catch {
        warnOnce('not sent');
      }
    },
  };
}
