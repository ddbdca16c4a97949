import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import { z } from '@hono/zod-openapi';
import { errorCodeForStatus, httpStatusOf, type ErrorCode } from '../errors/catalog.ts';
import { isKensakuError, KensakuError } from '../errors/kensaku-error.ts';

export const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).openapi('Error');

export function errorBody(code: ErrorCode, message: string) {
  return { error: { code, message } };
}

/** The one place catalog codes become HTTP statuses. Unknown errors are logged and hidden: no stack reaches a client. */
export function createErrorHandler(logger: Logger) {
  return (err: Error, c: Context) => {
    if (isKensakuError(err)) {
      const status = httpStatusOf(err.code);
      if (status >= 500) logger.error({ err, code: err.code }, err.message);
      return c.json(errorBody(err.code, err.message), status as ContentfulStatusCode);
    }
    if (err instanceof HTTPException) {
      return c.json(
        errorBody(errorCodeForStatus(err.status), err.message || 'bad request'),
        err.status as ContentfulStatusCode,
      );
    }
    // A body cut off by the client (or refused by the parser, which answered already) is not a fault of ours.
    if ((err as { code?: string }).code === 'ECONNRESET') {
      logger.debug({ err }, 'request body aborted');
      return c.json(errorBody('invalid_request', 'the request body was cut off'), 400);
    }
    logger.error({ err }, 'unhandled error');
    return c.json(errorBody('internal', 'internal error'), 500);
  };
}

/** zod-openapi's validation hook: a readable 400 naming the bad fields. */
export function validationHook(result: { success: boolean; error?: z.ZodError }) {
  if (!result.success && result.error) {
    const detail = result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw new KensakuError('invalid_request', detail);
  }
}
