import { sendableKey } from '../shared/unanswered.ts';
import type { BucketTotals, QueryTotals } from '../../domain/analytics.ts';
import type { Named, Scope } from './scope.ts';

// GET /analytics/… with the admin key. The shapes are the report's (domain/analytics.ts), checked by
// api/analytics-schemas.ts and trusted here.

export interface SearchesView {
  from: string;
  to: string;
  bucketMs: number;
  searches: number;
  zeroHits: number;
  /** Only hours with searches or events. */
  buckets: BucketTotals[];
  keys: Named[];
  origins: Named[];
}

export interface QueriesView {
  queries: QueryTotals[];
}

/** Why a view could not be read: no answer (bad_key: nothing sent), or the API's error. */
export interface Failure {
  kind: 'bad_key' | 'unreachable' | 'http' | 'bad_response';
  status: number;
  code: string | null;
  message: string | null;
}

export class AnalyticsError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message ?? failure.kind);
  }
}

export interface ViewParams {
  /** ISO start; the server counts its hour whole. */
  from: string;
  scope: Scope | null;
  limit?: number;
}

export function viewUrl(view: string, p: ViewParams): string {
  const qs = new URLSearchParams({ from: p.from });
  if (p.scope) qs.set(p.scope.kind, p.scope.name);
  if (p.limit) qs.set('limit', String(p.limit));
  return `/analytics/${view}?${qs}`;
}

/** One view; throws AnalyticsError. */
export async function readView<T>(view: string, p: ViewParams, key: string): Promise<T> {
  if (!sendableKey(key)) throw new AnalyticsError({ kind: 'bad_key', status: 0, code: null, message: null });
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (key) headers.Authorization = `Bearer ${key}`;
  let res: Response;
  try {
    res = await fetch(viewUrl(view, p), { headers, cache: 'no-store' });
  } catch {
    // Same origin: no CORS to blame, the server did not answer.
    throw new AnalyticsError({ kind: 'unreachable', status: 0, code: null, message: null });
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const err = isRecord(body) && isRecord(body.error) ? body.error : null;
  if (!res.ok)
    throw new AnalyticsError({
      kind: 'http',
      status: res.status,
      code: err?.code ? String(err.code) : null,
      message: err?.message ? String(err.message) : null,
    });
  if (!isRecord(body))
    throw new AnalyticsError({ kind: 'bad_response', status: res.status, code: null, message: null });
  return body as T;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
