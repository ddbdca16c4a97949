/** What a scoped key may do: search, and read a document's metadata by id. */
export const KEY_ACTIONS = ['search', 'documents.get'] as const;
export type KeyAction = (typeof KEY_ACTIONS)[number];

/** A scoped API key as stored: its secret only as a hash. */
export interface ApiKeyRecord {
  /** Public part of the key (`ksk_<id>_<secret>`), and its id in the API. */
  id: string;
  /** sha256 of the secret, hex. */
  hash: string;
  description: string;
  actions: KeyAction[];
  /** Meilisearch filter ANDed with every filter the caller sends. */
  filter?: string;
  /** Origins the key's requests must come from (Origin header); empty: any. */
  origins: string[];
  /** Search requests per minute; unset: RATE_LIMIT_PER_MINUTE. */
  rateLimitPerMinute?: number;
  /** ISO time after which the key is refused. */
  expiresAt?: string;
  createdAt: string;
}
