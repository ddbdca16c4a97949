import type { ErrorCode } from './catalog.ts';

/** The one error type kensaku throws on purpose: a catalog code, a message safe to show, a typed cause. */
export class KensakuError extends Error {
  readonly code: ErrorCode;
  /** What went wrong underneath (a meilisearch-js error, a parser's, a worker's); for logs, never shown to a client. */
  override readonly cause?: Error;

  constructor(code: ErrorCode, message: string, options: { cause?: Error } = {}) {
    super(message);
    this.name = 'KensakuError';
    this.code = code;
    this.cause = options.cause;
  }
}

export function isKensakuError(e: unknown): e is KensakuError {
  return e instanceof KensakuError;
}

/**
 * The store cannot take a write now: Meilisearch is away, or its disk is full or read-only. Work that meets one is left
 * to be retried (a task stays queued), never counted as failed: the write may well work later.
 */
export function isStoreOutage(e: unknown): boolean {
  return isKensakuError(e) && ['meilisearch_unavailable', 'disk_full', 'disk_read_only'].includes(e.code);
}

/** A thrown value as an Error, to be a KensakuError's cause: anything else is wrapped with its text. */
export function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
