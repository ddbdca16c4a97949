import { MeilisearchApiError, MeilisearchRequestError, MeilisearchRequestTimeOutError } from 'meilisearch';
import { KensakuError, asError } from '../errors/kensaku-error.ts';
import { FILTERABLE } from './settings.ts';

/** Meilisearch codes that blame the filter it was sent (bad syntax, an attribute that is not filterable). */
const FILTER_CODES = new Set(['invalid_search_filter', 'invalid_document_filter', 'invalid_similar_filter']);

export interface MeiliCallOptions {
  /**
   * The request carries the API caller's filter. Then `feature_not_enabled` is the filter's fault too: kensaku's own
   * requests use no experimental feature, and a filter on `_vectors` or with CONTAINS asks for one.
   */
  callerFilter?: boolean;
}

/** Turns meilisearch-js errors into catalog errors: bad filters and locales are the caller's fault, the rest are ours. */
export function toKensakuError(e: unknown, doing: string, options: MeiliCallOptions = {}): KensakuError {
  if (e instanceof KensakuError) return e;
  e = apiErrorOf(e);
  if (e instanceof MeilisearchApiError) {
    const code = e.cause?.code ?? '';
    if (FILTER_CODES.has(code))
      return new KensakuError('invalid_filter', `invalid filter: ${callerMessage(e.message)}`, { cause: e });
    // Only the caller's locale can be unknown here: a bad INDEX_LOCALE already fails the settings at start-up.
    if (code === 'invalid_search_locales') {
      return new KensakuError(
        'invalid_request',
        'locale: not one Meilisearch knows (ISO 639-3, e.g. jpn, eng, zho, kor)',
        { cause: e },
      );
    }
    if (code === 'feature_not_enabled' && options.callerFilter) {
      const message = `invalid filter: only ${FILTERABLE.join(', ')} can be filtered on, with Meilisearch's stable operators (${callerMessage(e.message)})`;
      return new KensakuError('invalid_filter', message, { cause: e });
    }
    const disk = diskErrorOf(code, e.message, doing);
    if (disk) return new KensakuError(disk.code, disk.message, { cause: e });
    return new KensakuError('meilisearch_error', `Meilisearch refused ${doing}: ${e.message}`, { cause: e });
  }
  if (e instanceof MeilisearchRequestError || e instanceof MeilisearchRequestTimeOutError) {
    return new KensakuError('meilisearch_unavailable', `Meilisearch unreachable while ${doing}`, { cause: e });
  }
  return new KensakuError('meilisearch_unavailable', `Meilisearch failed while ${doing}: ${String(e)}`, {
    cause: asError(e),
  });
}

const NO_SPACE = /no space left on device|os error 28\b|ENOSPC/i;
const READ_ONLY = /read-only file system|os error 30\b|EROFS/i;

/**
 * Meilisearch's disk failures, which it reports as `internal` (or `no_space_left_on_device`, `io_error`) with the OS
 * error in the message: a write it cannot store, never the caller's fault nor a lost write. Null for anything else.
 */
export function diskErrorOf(
  code: string,
  message: string,
  doing: string,
): { code: 'disk_full' | 'disk_read_only'; message: string } | null {
  if (code === 'no_space_left_on_device' || NO_SPACE.test(message))
    return { code: 'disk_full', message: `Meilisearch's disk is full, so it cannot store ${doing}: ${message}` };
  // kensaku sends only JSON it made itself: Meilisearch calls a body "malformed" when its disk filled while it wrote it.
  if (code === 'malformed_payload')
    return {
      code: 'disk_full',
      message: `Meilisearch's disk is full, so it cannot store ${doing} (it cut the body short: ${message})`,
    };
  if (READ_ONLY.test(message))
    return {
      code: 'disk_read_only',
      message: `Meilisearch's disk is read-only, so it cannot store ${doing}: ${message}`,
    };
  return null;
}

/** Over store/node-http-client.ts an API error arrives as the cause of a request error: that API error, else `e`. */
function apiErrorOf(e: unknown): unknown {
  return e instanceof MeilisearchRequestError && e.cause instanceof MeilisearchApiError ? e.cause : e;
}

/** Drops the multi-search position and index name: neither is something the caller sent. */
function callerMessage(message: string): string {
  return message.replace(/^Inside `\.queries\[\d+\]`: /, '').replace(/^Index `[^`]*`: /, '');
}

/** Runs a Meilisearch call and converts its failure. */
export async function meili<T>(doing: string, call: () => Promise<T>, options: MeiliCallOptions = {}): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw toKensakuError(e, doing, options);
  }
}

/** Meilisearch's error code behind a converted error, if it answered with one. */
export function meiliCode(e: unknown): string | undefined {
  const api = apiErrorOf(e instanceof KensakuError ? e.cause : e);
  return api instanceof MeilisearchApiError ? api.cause?.code : undefined;
}

/** A document read by id: null when Meilisearch says the document (or its index) is not there, an error otherwise. */
export async function meiliFind<T>(doing: string, call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (e) {
    const api = apiErrorOf(e);
    // An outage must not read as "no such document": a 404 there would tell a client its write is gone.
    if (api instanceof MeilisearchApiError && ['document_not_found', 'index_not_found'].includes(api.cause?.code ?? ''))
      return null;
    throw toKensakuError(e, doing);
  }
}
