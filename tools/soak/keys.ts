// The soak's keys. Its own server gets a fresh ADMIN_KEY and keeps the product's default rate limits, as a user's
// would; the admin key is never limited, so writes, deletes, task polls and the verification are never throttled.
// The searching clients use a scoped key minted for the run, whose own limit is far above what they send: they
// search the way a widget does (a key, its rate limit, its lookup across restarts) without sharing a bucket.
import { randomBytes } from 'node:crypto';
import type { Client } from './http.ts';
import { json } from './http.ts';

/** The most POST /keys allows (api/keys-schemas.ts): ~1700/s, far above the ~150 searches/s 50 clients send here. */
export const SEARCH_KEY_PER_MINUTE = 100_000;

export const newAdminKey = () => randomBytes(24).toString('hex');

export interface SearchKey {
  id: string;
  key: string;
}

/** A scoped key for the run's searches (and document reads); throws when the server refuses it. */
export async function mintSearchKey(admin: Client, runId: string): Promise<SearchKey> {
  const r = await admin.request('POST', '/keys', {
    description: `npm run soak ${runId}`,
    actions: ['search', 'documents.get'],
    rateLimitPerMinute: SEARCH_KEY_PER_MINUTE,
  });
  const body = json<{ id?: string; key?: string }>(r);
  if (r.status !== 201 || !body?.id || !body.key)
    throw new Error(`POST /keys answered ${r.status || r.error}: ${r.body.slice(0, 300)}`);
  return { id: body.id, key: body.key };
}

/** Deletes the run's key (a --url server keeps its keys); a failure only costs a stale key. */
export async function revokeKey(admin: Client, key: SearchKey): Promise<void> {
  await admin.request('DELETE', `/keys/${encodeURIComponent(key.id)}`);
}
