import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AnalyticsGroup } from '../domain/analytics.ts';
import { KensakuError } from '../errors/kensaku-error.ts';

/** A click or conversion is taken for a search this long after it. */
export const QUERY_ID_TTL_MS = 24 * 3_600_000;

/** What a queryId carries: the search's group and time, so any process can count its click without shared state. */
export interface QueryIdPayload extends AnalyticsGroup {
  at: number;
}

export interface QueryIdOptions {
  /** Shared by every process of the deployment, never sent to clients (analyticsSecret). */
  secret: string;
  now?: () => number;
}

export type QueryIds = ReturnType<typeof createQueryIds>;

/**
 * Signed queryIds: the search's group, time and a nonce, with an HMAC over them. A process verifies one by itself,
 * so N processes need no shared table of recent searches, a scoped key cannot send events for another key's
 * searches (the key is signed in), and nobody can invent a query for the counts.
 */
export function createQueryIds(options: QueryIdOptions) {
  const now = options.now ?? Date.now;
  const mac = (body: string) => createHmac('sha256', options.secret).update(body).digest().subarray(0, 16);
  return {
    sign(group: AnalyticsGroup): string {
      const nonce = randomBytes(6).toString('base64url');
      const body = Buffer.from(
        JSON.stringify([1, group.key, now(), group.mode, group.query, group.origin, nonce]),
      ).toString('base64url');
      return `${body}.${mac(body).toString('base64url')}`;
    },
    /** The search a queryId names; throws query_id_invalid (not ours, altered) or query_id_expired. */
    verify(queryId: string): QueryIdPayload {
      const [body, sig, extra] = queryId.split('.');
      const given = Buffer.from(sig ?? '', 'base64url');
      const expected = body ? mac(body) : null;
      if (extra !== undefined || !expected || given.length !== expected.length || !timingSafeEqual(given, expected))
        throw new KensakuError('query_id_invalid', 'unknown queryId: send the queryId a /search response gave');
      const [version, key, at, mode, query, origin] = JSON.parse(Buffer.from(body, 'base64url').toString()) as [
        number,
        string,
        number,
        string,
        string,
        string,
      ];
      if (version !== 1) throw new KensakuError('query_id_invalid', 'unknown queryId version');
      if (now() - at > QUERY_ID_TTL_MS)
        throw new KensakuError('query_id_expired', `queryId older than ${QUERY_ID_TTL_MS / 3_600_000} h: not counted`);
      return { key, at, mode, query, origin };
    },
  };
}

/**
 * The queryIds' HMAC key, derived from secrets every process of a deployment shares and no client sees: the
 * Meilisearch key (the embedded one's is generated and kept in DATA_DIR) and ADMIN_KEY. With neither, the service is
 * open on loopback and every caller is admin anyway.
 */
export function analyticsSecret(parts: { meiliKey?: string; adminKey?: string; indexName: string }): string {
  return createHash('sha256')
    .update(`kensaku analytics v1\0${parts.meiliKey ?? ''}\0${parts.adminKey ?? ''}\0${parts.indexName}`)
    .digest('hex');
}
