import type { MiddlewareHandler } from 'hono';
import type { RateLimiter } from '../service/rate-limiter.ts';
import type { AppEnv } from './app-env.ts';
import { errorBody } from './errors.ts';

export interface RateLimitOptions {
  limiter: RateLimiter;
  /** Requests per minute for a key without its own limit, and for the search key; 0: unlimited. */
  perMinute: number;
  /** Requests per minute per client address when no key is configured (loopback); 0: unlimited. */
  anonymousPerMinute: number;
  /** Counts each refusal in /metrics, by what was limited. */
  onLimited: (scope: 'key' | 'search-key' | 'address') => void;
}

/** After auth: 429 with Retry-After once the caller's bucket is empty. The admin key is not limited. */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const caller = c.get('caller');
    if (!caller || caller.bucket === 'admin') return next();
    const scope = caller.key ? 'key' : caller.bucket === 'search-key' ? 'search-key' : 'address';
    const limit =
      caller.key?.rateLimitPerMinute ?? (scope === 'address' ? options.anonymousPerMinute : options.perMinute);
    if (!limit) return next();
    const taken = options.limiter.take(caller.bucket, limit);
    if (taken.ok) return next();
    options.onLimited(scope);
    return c.json(
      errorBody('rate_limited', `over ${limit} requests per minute; retry in ${taken.retryAfterSeconds} s`),
      429,
      { 'retry-after': String(taken.retryAfterSeconds) },
    );
  };
}
