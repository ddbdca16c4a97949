import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { KensakuError } from '../errors/kensaku-error.ts';

export type Role = 'admin' | 'search';

export interface AuthOptions {
  adminKey?: string;
  searchKey?: string;
}

/** Hashing first gives equal-length buffers, so the comparison time says nothing about the key. */
function sameKey(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function roleOf(header: string | undefined, options: AuthOptions): Role | null {
  const token = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1]?.trim();
  if (!token) return null;
  if (options.adminKey && sameKey(token, options.adminKey)) return 'admin';
  if (options.searchKey && sameKey(token, options.searchKey)) return 'search';
  return null;
}

/** Open when no key is configured (the server then refuses non-loopback binds); else a key of the role. */
export function requireRole(needed: Role, options: AuthOptions): MiddlewareHandler {
  const open = !options.adminKey && !options.searchKey;
  return async (c, next) => {
    if (open) return next();
    const role = roleOf(c.req.header('authorization'), options);
    if (!role) throw new KensakuError('unauthorized', 'missing or unknown API key: send Authorization: Bearer <key>');
    if (needed === 'admin' && role !== 'admin') throw new KensakuError('forbidden', 'this route needs the admin key');
    return next();
  };
}
