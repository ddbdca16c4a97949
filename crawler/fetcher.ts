import { errorMessage } from '../errors/kensaku-error.ts';

export interface FetcherOptions {
  userAgent: string;
  /** Until the response's headers arrive. */
  connectTimeoutMs: number;
  /** The whole exchange, body included. */
  timeoutMs: number;
  maxBytes: number;
}

export interface Validators {
  etag?: string;
  lastModified?: string;
}

/** One HTTP exchange, redirects not followed: the policy above decides whether each hop may be taken. */
export type FetchResult =
  | { kind: 'body'; url: string; status: number; headers: Headers; body: Uint8Array }
  | { kind: 'not-modified'; url: string; headers: Headers }
  | { kind: 'redirect'; url: string; status: number; location: string | null }
  /** A status the crawler does not read a body of (4xx, 5xx). */
  | { kind: 'status'; url: string; status: number; headers: Headers }
  /** No usable answer: network error, timeout, body over the size limit. */
  | { kind: 'error'; url: string; reason: string };

export type Fetcher = ReturnType<typeof createFetcher>;

const ACCEPT =
  'text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.8,application/pdf;q=0.8,application/xml;q=0.5,*/*;q=0.1';

/**
 * The fetch layer: one GET with the crawler's User-Agent and conditional headers, two timeouts (headers, then the
 * whole body: AbortSignal.timeout) and a size limit enforced while reading, so a huge or endless body costs at most
 * `maxBytes` of memory. It knows nothing of robots, scope or redirects.
 */
export function createFetcher(options: FetcherOptions) {
  const { userAgent, connectTimeoutMs, timeoutMs, maxBytes } = options;

  /** `keepFirst`: read that many bytes at most and drop the rest, where a longer body is no error (robots.txt). */
  async function get(
    url: string,
    validators: Validators = {},
    signal?: AbortSignal,
    keepFirst?: number,
  ): Promise<FetchResult> {
    const headersDue = new AbortController();
    const headersTimer = setTimeout(
      () => headersDue.abort(new Error(`no response within ${connectTimeoutMs} ms`)),
      connectTimeoutMs,
    );
    const total = AbortSignal.timeout(timeoutMs);
    const all = AbortSignal.any([headersDue.signal, total, ...(signal ? [signal] : [])]);
    const why = (e: unknown) =>
      total.aborted
        ? `timed out after ${timeoutMs} ms`
        : headersDue.signal.aborted
          ? `no response within ${connectTimeoutMs} ms`
          : signal?.aborted
            ? 'crawl stopped'
            : errorMessage(causeOf(e));
    let res: Response;
    try {
      res = await fetch(url, {
        redirect: 'manual',
        signal: all,
        headers: {
          'user-agent': userAgent,
          accept: ACCEPT,
          ...(validators.etag ? { 'if-none-match': validators.etag } : {}),
          ...(validators.lastModified ? { 'if-modified-since': validators.lastModified } : {}),
        },
      });
    } catch (e) {
      return { kind: 'error', url, reason: why(e) };
    } finally {
      clearTimeout(headersTimer);
    }
    if (res.status >= 300 && res.status < 400 && res.status !== 304) {
      await res.body?.cancel().catch(() => undefined);
      return { kind: 'redirect', url, status: res.status, location: res.headers.get('location') };
    }
    if (res.status === 304) {
      await res.body?.cancel().catch(() => undefined);
      return { kind: 'not-modified', url, headers: res.headers };
    }
    if (res.status !== 200 && res.status !== 203) {
      await res.body?.cancel().catch(() => undefined);
      return { kind: 'status', url, status: res.status, headers: res.headers };
    }
    const declared = Number(res.headers.get('content-length'));
    if (keepFirst === undefined && declared > maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      return { kind: 'error', url, reason: tooLarge(maxBytes, declared) };
    }
    try {
      const body = await readCapped(res, keepFirst ?? maxBytes, keepFirst !== undefined);
      if (!body) return { kind: 'error', url, reason: tooLarge(maxBytes) };
      return { kind: 'body', url, status: res.status, headers: res.headers, body };
    } catch (e) {
      return { kind: 'error', url, reason: why(e) };
    }
  }

  return { get, userAgent };
}

/** The body, or once it passes `maxBytes` (the rest is not read: the connection is dropped) null, or its first bytes. */
async function readCapped(res: Response, maxBytes: number, truncate: boolean): Promise<Uint8Array | null> {
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      if (!truncate) return null;
      parts.push(value.subarray(0, value.byteLength - (size - maxBytes)));
      break;
    }
    parts.push(value);
  }
  return Buffer.concat(parts);
}

function tooLarge(maxBytes: number, declared?: number): string {
  return `larger than the ${maxBytes} byte size limit${declared ? ` (${declared} bytes)` : ''}`;
}

/** undici reports "fetch failed" and puts what happened (ECONNREFUSED…) in the cause. */
function causeOf(e: unknown): unknown {
  const cause = (e as { cause?: unknown })?.cause;
  return cause instanceof Error ? cause : e;
}
