import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { KeyAction } from '../domain/api-keys.ts';
import type { Caller, Role } from './caller.ts';

export type { Caller, Role };
import { KensakuError } from '../errors/kensaku-error.ts';
import type { ApiKeys } from '../service/api-keys.ts';
import type { AppEnv } from './app-env.ts';

export interface AuthOptions {
  adminKey?: string;
  searchKey?: string;
  /** Scoped keys (POST /keys); without them only the two keys above exist. */
  keys?: ApiKeys;
}

/** Hashing first gives equal-length buffers, so the comparison time says nothing about the key. */
function sameKey(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

const tokenOf = (header: string | undefined) => /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim();

function roleOf(header: string | undefined, options: AuthOptions): Role | null {
  const token = tokenOf(header);
  if (!token) return null;
  if (options.adminKey && sameKey(token, options.adminKey)) return 'admin';
  if (options.searchKey && sameKey(token, options.searchKey)) return 'search';
  return null;
}

/** The caller of a request, or null for a key that is not one (unknown, expired, deleted). */
export async function callerOf(c: Context<AppEnv>, options: AuthOptions): Promise<Caller | null> {
  const header = c.req.header('authorization');
  const token = tokenOf(header);
  const role = roleOf(header, options);
  if (role === 'admin') return { role, bucket: 'admin' };
  if (role === 'search') return { role, bucket: 'search-key' };
  if (token && options.keys) {
    const key = await options.keys.verify(token);
    if (key) return { role: 'search', key, bucket: `key:${key.id}` };
  }
  // No key configured: the server only listens on loopback, and every caller may do everything, whatever it sends.
  const open = !options.adminKey && !options.searchKey;
  return open ? { role: 'admin', bucket: `address:${c.get('clientAddress')}` } : null;
}

/**
 * A caller of the role (a scoped key is a search key that may do `action`, from one of its origins); the caller is
 * left in the context for the route (its scope) and the rate limit.
 */
export function requireRole(
  needed: Role,
  options: AuthOptions,
  action: KeyAction = 'search',
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const caller = await callerOf(c, options);
    if (!caller) {
      const token = tokenOf(c.req.header('authorization'));
      if (token && (await options.keys?.refusal(token)) === 'expired')
        throw new KensakuError('key_expired', 'this key has expired: mint a new one (POST /keys)');
      throw new KensakuError('unauthorized', 'missing or unknown API key: send Authorization: Bearer <key>');
    }
    if (needed === 'admin' && caller.role !== 'admin')
      throw new KensakuError('forbidden', 'this route needs the admin key');
    if (caller.key && !caller.key.actions.includes(action))
      throw new KensakuError('forbidden', `this key may not ${action}`);
    if (caller.key?.origins.length && !caller.key.origins.includes(c.req.header('origin') ?? '')) {
      throw new KensakuError('wrong_origin', `this key is for pages on ${caller.key.origins.join(', ')}`);
    }
    c.set('caller', caller);
    return next();
  };
}
