import { createHash } from 'node:crypto';
import type { Chunk, DocumentRecord, SourceDocument, StoredChunk } from '../../domain/documents.ts';
import { chunkKey, documentKey } from '../../store/ids.ts';
import { normalizeForMatch } from '../normalize.ts';

/** The document's identity for change detection: every chunk hash plus the metadata that is stored with them. */
export function documentHash(doc: SourceDocument, chunks: Chunk[]): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([doc.title, doc.url ?? null, doc.source ?? null, doc.tags ?? []]));
  for (const c of chunks) h.update(c.hash);
  return h.digest('hex');
}

/** A chunk as Meilisearch stores it; `vector` null marks it for a later fill-in. */
export function toStoredChunk(doc: SourceDocument, chunk: Chunk, embedder: string | null, vector: number[] | null): StoredChunk {
  return {
    ...chunk,
    id: chunkKey(doc.id, chunk.ordinal),
    text: normalizeForMatch(chunk.text),
    originalText: chunk.text,
    source: doc.source,
    url: doc.url,
    tags: doc.tags ?? [],
    hasVector: vector !== null,
    ...(embedder ? { _vectors: { [embedder]: vector } } : {}),
  };
}

export function toDocumentRecord(doc: SourceDocument, chunks: Chunk[], hash: string, vectorsComplete: boolean): DocumentRecord {
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
