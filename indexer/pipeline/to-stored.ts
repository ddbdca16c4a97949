import { createHash } from 'node:crypto';
import type { Chunk, DocumentRecord, SourceDocument, StoredChunk } from '../../domain/documents.ts';
import { chunkKey, documentKey } from '../../store/ids.ts';
import type { KeywordForm } from '../keyword-form.ts';

/**
 * The document's identity for change detection: every chunk hash, the metadata stored with them, and the keyword
 * form (a new fold or reading rule rewrites the chunks; it re-embeds them too, a one-off cost of such a change).
 */
export function documentHash(doc: SourceDocument, chunks: Chunk[], form: KeywordForm): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([doc.title, doc.url ?? null, doc.source ?? null, doc.tags ?? [], form.fingerprint]));
  for (const c of chunks) h.update(c.hash);
  return h.digest('hex');
}

/** A chunk as Meilisearch stores it; `vector` null marks it for a later fill-in. */
export function toStoredChunk(
  doc: SourceDocument,
  chunk: Chunk,
  form: KeywordForm,
  embedder: string | null,
  vector: number[] | null,
): StoredChunk {
  return {
    ...chunk,
    id: chunkKey(doc.id, chunk.ordinal),
    ...form.fieldsOf(chunk),
    originalText: chunk.text,
    source: doc.source,
    url: doc.url,
    tags: doc.tags ?? [],
    hasVector: vector !== null,
    ...(embedder ? { _vectors: { [embedder]: vector } } : {}),
  };
}

export function toDocumentRecord(
  doc: SourceDocument,
  chunks: Chunk[],
  hash: string,
  vectorsComplete: boolean,
): DocumentRecord {
  return {
    id: documentKey(doc.id),
    documentId: doc.id,
    title: doc.title || chunks[0]?.title || '',
    hash,
    chunkCount: chunks.length,
    source: doc.source,
    url: doc.url,
    tags: doc.tags ?? [],
    indexedAt: new Date().toISOString(),
    vectorsComplete,
  };
}
