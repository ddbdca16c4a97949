import { createHash } from 'node:crypto';

const SAFE = /^[A-Za-z0-9_-]{1,200}$/;

/** A Meilisearch-safe primary key for any user document id, stable across runs. */
export function documentKey(documentId: string): string {
  return SAFE.test(documentId) ? documentId : `h${createHash('sha256').update(documentId).digest('hex').slice(0, 32)}`;
}

/**
 * Whether Meilisearch could hold `id` as a document's primary key. Only such an id may go into a document's URL:
 * meilisearch-js puts it in the path unencoded, where `?`, `#`, a NUL or `..` would name another resource (an id of
 * `?` read the whole index, and deleting it deleted every document).
 */
export function isMeiliDocumentId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,511}$/.test(id);
}

export function chunkKey(documentId: string, ordinal: number): string {
  return `${documentKey(documentId)}-${ordinal}`;
}

/** Embedder names follow the model, restricted to characters Meilisearch accepts everywhere. */
export function embedderName(modelId: string): string {
  return modelId.replace(/[^A-Za-z0-9_-]/g, '_');
}
