import type { Embedder } from '../../embeddings/types.ts';
import type { ChunkStore } from '../../store/chunk-store.ts';
import type { StoredChunk } from '../../domain/documents.ts';
import { embeddingText } from '../chunker.ts';

export interface FillVectorsOptions {
  store: ChunkStore;
  embedder: Embedder;
  embedderName: string;
  /** Which chunks: those marked without a vector (default), or all of them for a re-embed. */
  filter?: string;
  pageSize?: number;
  onProgress?: (done: number) => void;
}

/** Embeds stored chunk text again, without reading sources: fills chunks indexed while the model was down. */
export async function fillVectors(options: FillVectorsOptions): Promise<number> {
  const filter = options.filter ?? 'hasVector = false';
  const pageSize = options.pageSize ?? 256;
  const touched = new Set<string>();
  let done = 0;
  for (let offset = 0; ; offset += pageSize) {
    // Filling removes chunks from the `hasVector = false` set, so that filter always reads from offset 0.
    const page = await options.store.getChunks(filter, pageSize, filter === 'hasVector = false' ? 0 : offset);
    if (page.length === 0) break;
    const vectors = await options.embedder.embedPassages(
      page.map((c) => embeddingText({ ...c, text: c.originalText })),
    );
    const filled: StoredChunk[] = page.map((c, i) => ({
      ...c,
      hasVector: true,
      _vectors: { [options.embedderName]: vectors[i] },
    }));
    await options.store.writeChunks(filled);
    page.forEach((c) => touched.add(c.documentId));
    done += page.length;
    options.onProgress?.(done);
    if (page.length < pageSize) break;
  }
  await markComplete(options.store, touched);
  return done;
}

async function markComplete(store: ChunkStore, documentIds: Set<string>): Promise<void> {
  const records = [];
  for (const id of documentIds) {
    const record = await store.getDocument(id);
    if (record && !record.vectorsComplete) records.push({ ...record, vectorsComplete: true });
  }
  await store.putDocuments(records);
}
