import type { Meilisearch } from 'meilisearch';
import type { ApiKeyRecord } from '../domain/api-keys.ts';
import { ensureIndex } from './ensure-index.ts';
import { isMeiliDocumentId } from './ids.ts';
import { meili, meiliFind } from './meili-errors.ts';
import { settle } from './tasks.ts';

export interface KeyStoreOptions {
  client: Meilisearch;
  /** The chunk index's name: keys live in `<indexName>_keys`. */
  indexName: string;
  taskTimeoutMs: number;
}

/** Most keys one index holds: a list of them is read whole. */
export const MAX_KEYS = 1000;

export type KeyStore = ReturnType<typeof createKeyStore>;

/** Scoped keys in Meilisearch, so they survive restarts and every API process on the index sees the same ones. */
export function createKeyStore(options: KeyStoreOptions) {
  const uid = `${options.indexName}_keys`;
  const index = options.client.index<ApiKeyRecord>(uid);
  const wait = (doing: string, enqueue: Parameters<typeof settle>[2]) =>
    settle(options.client, doing, enqueue, options.taskTimeoutMs);
  return {
    // Read by id and listed whole, never searched: nothing to tokenise.
    ensure: () => ensureIndex(options.client, uid, { searchableAttributes: [], filterableAttributes: [] }, wait),
    // An id from a URL that no key can have is no key: it never reaches Meilisearch's path (store/ids.ts).
    get: async (id: string) =>
      isMeiliDocumentId(id) ? meiliFind('reading an API key', () => index.getDocument(id)) : null,
    async list(): Promise<ApiKeyRecord[]> {
      return (await meili('listing API keys', () => index.getDocuments({ limit: MAX_KEYS }))).results;
    },
    async put(record: ApiKeyRecord): Promise<void> {
      await wait('writing an API key', () => index.addDocuments([record], { primaryKey: 'id' }));
    },
    async delete(id: string): Promise<void> {
      if (!isMeiliDocumentId(id)) return;
      await wait('deleting an API key', () => index.deleteDocument(id));
    },
  };
}
