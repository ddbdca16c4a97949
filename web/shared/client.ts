import type { SearchResponse } from '../../search/types.ts';
import { sendableKey, whyUnanswered, type Unanswered } from './unanswered.ts';

// GET /search for the page and the widget: one request at a time, superseded ones aborted and their answers dropped.

export type SearchMode = SearchResponse['mode'];

export interface SearchRequest {
  q: string;
  mode: SearchMode;
  limit: number;
  /** Omitted from the URL when 0 or absent. */
  offset?: number;
  groupBy?: 'document';
  /** An attribute to count the values of (facetDistribution), sent as facets=. */
  facet?: string;
  /** A Meilisearch filter, e.g. from facetFilter() (facet-filter.ts); never raw user text. */
  filter?: string;
}

/** Why a search gave no search response. */
export interface SearchFailure {
  /**
   * No HTTP answer: bad_key (a key a header cannot carry, nothing sent), cors (the server answers, but not to this
   * page), unreachable (nothing answers); http: a non-2xx answer; bad_response: a 2xx that is not a search response.
   */
  kind: Unanswered | 'http' | 'bad_response';
  /** The HTTP status; 0 when none arrived. */
  status: number;
  /** From the API's {"error":{"code","message"}} body, when the answer had one. */
  code: string | null;
  message: string | null;
  /** A 429's Retry-After, in seconds, when the answer let the page read it. */
  retryAfter?: number;
}

export type SearchOutcome = { ok: true; body: SearchResponse } | { ok: false; failure: SearchFailure };

export interface ClientOptions {
  /** Where the API is, without a trailing slash: requests go to `${api}/search`. */
  api: string;
  /** The bearer key, read at each request; '' sends none. */
  key: () => string;
  /** Further fetch options (the widget's cross-origin mode and credentials). */
  init?: RequestInit;
}

export interface SearchClient {
  /** Aborts the request before it. Resolves to null once superseded (by a newer search or cancel()); never rejects. */
  search(request: SearchRequest): Promise<SearchOutcome | null>;
  /** Aborts the request in flight; its answer is dropped. */
  cancel(): void;
  /** A request is in flight and not superseded. */
  readonly pending: boolean;
}

export function searchUrl(api: string, r: SearchRequest): string {
  let qs = `q=${encodeURIComponent(r.q)}&mode=${encodeURIComponent(r.mode)}&limit=${r.limit}`;
  if (r.offset) qs += `&offset=${r.offset}`;
  if (r.groupBy) qs += `&groupBy=${r.groupBy}`;
  if (r.facet) qs += `&facets=${encodeURIComponent(r.facet)}`;
  if (r.filter) qs += `&filter=${encodeURIComponent(r.filter)}`;
  return `${api}/search?${qs}`;
}

export function createSearchClient(options: ClientOptions): SearchClient {
  let controller: AbortController | null = null;
  let seq = 0;
  let pending = false;

  function cancel(): void {
    if (controller) controller.abort();
    controller = null;
    seq++;
    pending = false;
  }

  async function search(request: SearchRequest): Promise<SearchOutcome | null> {
    if (controller) controller.abort();
    const my = ++seq;
    // Old browsers without AbortController still get stale answers dropped by `seq`.
    const ctrl = typeof AbortController === 'function' ? new AbortController() : null;
    controller = ctrl;
    pending = true;

    const headers: Record<string, string> = { Accept: 'application/json' };
    const key = options.key();
    if (key) headers.Authorization = `Bearer ${key}`;

    let outcome: SearchOutcome;
    if (!sendableKey(key)) outcome = failed('bad_key', 0, undefined);
    else
      try {
        const res = await fetch(searchUrl(options.api, request), {
          ...options.init,
          headers,
          signal: ctrl ? ctrl.signal : undefined,
        });
        outcome = await readAnswer(res);
      } catch {
        outcome =
          my === seq ? failed(await whyUnanswered(options.api), 0, undefined) : failed('unreachable', 0, undefined);
      }
    // Every abort comes with a newer seq, so an aborted request always ends here.
    if (my !== seq) return null;
    controller = null;
    pending = false;
    return outcome;
  }

  return {
    search,
    cancel,
    get pending() {
      return pending;
    },
  };
}

async function readAnswer(res: Response): Promise<SearchOutcome> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined; // not JSON
  }
  if (res.status < 200 || res.status >= 300) {
    const out = failed('http', res.status, body);
    const wait = Number(res.headers.get('retry-after'));
    if (res.status === 429 && wait > 0 && !out.ok) out.failure.retryAfter = wait;
    return out;
  }
  // Only the hits array is checked; the rest of the shape is the server's contract (search/types.ts).
  if (isRecord(body) && Array.isArray(body.hits)) return { ok: true, body: body as unknown as SearchResponse };
  return failed('bad_response', res.status, body);
}

function failed(kind: SearchFailure['kind'], status: number, body: unknown): SearchOutcome {
  const err = isRecord(body) && isRecord(body.error) ? body.error : null;
  return {
    ok: false,
    failure: {
      kind,
      status,
      code: err?.code ? String(err.code) : null,
      message: err?.message ? String(err.message) : null,
    },
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
