import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRecord, KeyAction } from '../domain/api-keys.ts';
import { KensakuError } from '../errors/kensaku-error.ts';
import { MAX_KEYS, type KeyStore } from '../store/key-store.ts';

/** What the admin gives for a new key. */
export interface NewKey {
  description: string;
  actions: KeyAction[];
  filter?: string;
  origins?: string[];
  rateLimitPerMinute?: number;
  expiresAt?: string;
}

export interface ApiKeysOptions {
  store: KeyStore;
  /** Checks a filter against the index (it must parse and name filterable attributes); throws invalid_filter. */
  checkFilter: (filter: string) => Promise<void>;
  /** How stale another process's change (a deleted key) may be here. */
  cacheMs?: number;
}

const TOKEN = /^ksk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const sha256 = (s: string) => createHash('sha256').update(s).digest();

export type ApiKeys = ReturnType<typeof createApiKeys>;

/**
 * Scoped keys: minted with a random secret shown once, stored as its sha256, found by the id in the token and
 * compared in constant time. Records are cached per process for `cacheMs` (default 2 s); a key deleted here is
 * refused here at once.
 */
export function createApiKeys(options: ApiKeysOptions) {
  const cacheMs = options.cacheMs ?? 2000;
  const cache = new Map<string, { record: ApiKeyRecord | null; at: number }>();
  let all: { records: ApiKeyRecord[]; at: number } | null = null;
  const now = () => performance.now();

  async function lookup(id: string): Promise<ApiKeyRecord | null> {
    const hit = cache.get(id);
    if (hit && now() - hit.at < cacheMs) return hit.record;
    const record = await options.store.get(id);
    if (cache.size > MAX_KEYS * 2) cache.clear();
    cache.set(id, { record, at: now() });
    return record;
  }

  async function list(): Promise<ApiKeyRecord[]> {
    if (all && now() - all.at < cacheMs) return all.records;
    all = { records: await options.store.list(), at: now() };
    return all.records;
  }

  return {
    list,
    async mint(input: NewKey): Promise<{ key: string; record: ApiKeyRecord }> {
      // A blank filter parses as none: the key would see every document while its record showed a filter.
      if (input.filter !== undefined && !input.filter.trim())
        throw new KensakuError('invalid_filter', 'filter is empty: omit it for a key that sees every document');
      if (input.filter) await options.checkFilter(input.filter);
      if ((await list()).length >= MAX_KEYS)
        throw new KensakuError('invalid_request', `at most ${MAX_KEYS} keys; delete some first`);
      const id = randomBytes(8).toString('hex');
      const secret = randomBytes(32).toString('base64url');
      const record: ApiKeyRecord = {
        id,
        hash: sha256(secret).toString('hex'),
        description: input.description,
        actions: [...new Set<KeyAction>(['search', ...input.actions])],
        ...(input.filter ? { filter: input.filter } : {}),
        origins: input.origins ?? [],
        ...(input.rateLimitPerMinute !== undefined ? { rateLimitPerMinute: input.rateLimitPerMinute } : {}),
        ...(input.expiresAt ? { expiresAt: input.expiresAt } : {}),
        createdAt: new Date().toISOString(),
      };
      await options.store.put(record);
      all = null;
      return { key: `ksk_${id}_${secret}`, record };
    },
    /** The key's record if the token is a live key (known, secret matching, not expired); else null. */
    async verify(token: string): Promise<ApiKeyRecord | null> {
      const m = TOKEN.exec(token);
      if (!m) return null;
      const record = await lookup(m[1]);
      if (!record) return null;
      if (!timingSafeEqual(sha256(m[2]), Buffer.from(record.hash, 'hex'))) return null;
      if (record.expiresAt && Date.parse(record.expiresAt) <= Date.now()) return null;
      return record;
    },
    /** Why verify refused a token that has the key format: a known key past its expiresAt, or not a key at all. */
    async refusal(token: string): Promise<'expired' | 'unknown'> {
      const m = TOKEN.exec(token);
      const record = m ? await lookup(m[1]) : null;
      if (!m || !record || !timingSafeEqual(sha256(m[2]), Buffer.from(record.hash, 'hex'))) return 'unknown';
      return record.expiresAt && Date.parse(record.expiresAt) <= Date.now() ? 'expired' : 'unknown';
    },
    async remove(id: string): Promise<boolean> {
      if (!(await options.store.get(id))) return false;
      await options.store.delete(id);
      cache.set(id, { record: null, at: now() });
      all = null;
      return true;
    },
    /** Origins any live key allows, for CORS preflights (they carry no key): from the list, read at most every cacheMs. */
    async origins(): Promise<ReadonlySet<string>> {
      const records = await list();
      return new Set(
        records.filter((r) => !r.expiresAt || Date.parse(r.expiresAt) > Date.now()).flatMap((r) => r.origins),
      );
    },
  };
}
