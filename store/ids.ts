import { createHash } from 'node:crypto';

const SAFE = /^[A-Za-z0-9_-]{1,200}$/;

/** A Meilisearch-safe primary key for any user document id, stable across runs. */
export function documentKey(documentId: string): string {
  return SAFE.test(documentId) ? documentId : `h${createHash('sha256').update(documentId).digest('hex').slice(0, 32)}`;
}

export function chunkKey(documentId: string, ordinal: number): string {
  return `${documentKey(documentId)}-${ordinal}`;
}

/** Embedder names follow the model, restricted to characters Meilisearch accepts everywhere. */
export function embedderName(modelId: string): string {
  return modelId.replace(/[^A-Za-z0-9_-]/g, '_');
}
