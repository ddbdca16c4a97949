import type { ChunkStore } from '../../store/chunk-store.ts';
import { KensakuError } from '../../errors/kensaku-error.ts';

/** Removes a document and every chunk of it. Chunks go first, so a retry after a failure still finds the record. */
export async function deleteDocument(store: ChunkStore, documentId: string): Promise<void> {
  const record = await store.getDocument(documentId);
  if (!record) throw new KensakuError('document_not_found', `no document with id ${JSON.stringify(documentId)}`);
  await store.deleteChunks(documentId);
  await store.deleteDocument(documentId);
}
