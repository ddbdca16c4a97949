import type { ErrorCode } from './catalog.ts';

/** The one error type kensaku throws on purpose: a catalog code, a message safe to show, a typed cause. */
export class KensakuError extends Error {
  readonly code: ErrorCode;
  override readonly cause?: unknown;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message);
    this.name = 'KensakuError';
    this.code = code;
    this.cause = options.cause;
  }
}

export function isKensakuError(e: unknown): e is KensakuError {
  return e instanceof KensakuError;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
