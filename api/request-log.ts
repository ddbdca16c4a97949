import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';

/** One JSON line per request; the query text is left out so logs do not collect what people search for. */
export function requestLog(logger: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    logger.info(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) },
      'request',
    );
  };
}
