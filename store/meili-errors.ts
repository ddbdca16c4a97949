import { MeilisearchApiError, MeilisearchRequestError, MeilisearchRequestTimeOutError } from 'meilisearch';
import { KensakuError } from '../errors/kensaku-error.ts';

/** Turns meilisearch-js errors into catalog errors: bad filters are the caller's fault, the rest are ours. */
export function toKensakuError(e: unknown, doing: string): KensakuError {
  if (e instanceof KensakuError) return e;
  // Over store/node-http-client.ts an API error arrives as the cause of a request error.
  if (e instanceof MeilisearchRequestError && e.cause instanceof MeilisearchApiError) e = e.cause;
  if (e instanceof MeilisearchApiError) {
    const code = e.cause?.code ?? '';
    if (code === 'invalid_search_filter' || code === 'invalid_document_filter') {
      return new KensakuError('invalid_filter', `invalid filter: ${e.message}`, { cause: e });
    }
    return new KensakuError('meilisearch_error', `Meilisearch refused ${doing}: ${e.message}`, { cause: e });
  }
  if (e instanceof MeilisearchRequestError || e instanceof MeilisearchRequestTimeOutError) {
    return new KensakuError('meilisearch_unavailable', `Meilisearch unreachable while ${doing}`, { cause: e });
  }
  return new KensakuError('meilisearch_unavailable', `Meilisearch failed while ${doing}: ${String(e)}`, { cause: e });
}

/** Runs a Meilisearch call and converts its failure. */
export async function meili<T>(doing: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw toKensakuError(e, doing);
  }
}
