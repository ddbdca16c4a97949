import { sendableKey } from './unanswered.ts';

// GET /suggest for the page and the widget: the latest prefix only (superseded requests aborted, their answers
// dropped). Failures are silent in the UI, where the search itself says what is wrong, and logged once.

/** One completion, as GET /suggest gives it. */
export interface Suggestion {
  text: string;
  source: string;
  /** The text HTML-escaped with the typed prefix in <mark>: only ever shown through sanitizeSnippet. */
  highlighted?: string;
}

export interface SuggestClientOptions {
  api: string;
  key: () => string;
  init?: RequestInit;
  /** Names the caller in the console line. */
  who: string;
}

export interface SuggestClient {
  /** The suggestions for `q`; null once superseded (a newer call or cancel()) or failed. Never rejects. */
  suggest(q: string, limit: number): Promise<Suggestion[] | null>;
  cancel(): void;
}

function isSuggestion(v: unknown): v is Suggestion {
  return !!v && typeof v === 'object' && typeof (v as Suggestion).text === 'string';
}

export function createSuggestClient(options: SuggestClientOptions): SuggestClient {
  let controller: AbortController | null = null;
  let seq = 0;
  let logged = false;

  function logOnce(why: string): void {
    if (logged) return;
    logged = true;
    if (typeof console !== 'undefined') console.warn(`${options.who}: no suggestions (GET /suggest: ${why})`);
  }

  function cancel(): void {
    if (controller) controller.abort();
    controller = null;
    seq++;
  }

  async function suggest(q: string, limit: number): Promise<Suggestion[] | null> {
    cancel();
    const my = seq;
    const ctrl = typeof AbortController === 'function' ? new AbortController() : null;
    controller = ctrl;
    const key = options.key();
    if (!sendableKey(key)) return null; // the search names the bad key
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (key) headers.Authorization = `Bearer ${key}`;
    try {
      const res = await fetch(`${options.api}/suggest?q=${encodeURIComponent(q)}&limit=${limit}`, {
        ...options.init,
        headers,
        signal: ctrl ? ctrl.signal : undefined,
      });
      const body = (await res.json().catch(() => null)) as { suggestions?: unknown } | null;
      if (my !== seq) return null;
      if (!res.ok || !body || !Array.isArray(body.suggestions)) {
        logOnce(`HTTP ${res.status}`);
        return null;
      }
      return body.suggestions.filter(isSuggestion);
    } catch {
      if (my === seq) logOnce('no answer');
      return null;
    }
  }

  return { suggest, cancel };
}
