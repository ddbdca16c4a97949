import type { ApiKeyRecord } from '../domain/api-keys.ts';

export type Role = 'admin' | 'search';

/** Who is calling: the role, the scoped key if one was used, and the bucket its rate limit counts in. */
export interface Caller {
  role: Role;
  key?: ApiKeyRecord;
  /** `key:<id>`, `search-key`, `admin`, or `address:<ip>` for keyless calls to an open (loopback) service. */
  bucket: string;
}
