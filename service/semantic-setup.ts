import type { Embedder } from '../embeddings/types.ts';
import type { ChunkStore } from '../store/chunk-store.ts';
import type { SemanticState } from '../domain/semantic-state.ts';
import { unavailable } from './semantic-state.ts';

/**
 * Decides whether the semantic leg may run against this index. Vectors from another model (fingerprint) are never
 * mixed with ours: the leg stays off, with the reason, until `kensaku reindex --embeddings`.
 */
export async function resolveSemanticState(
  store: ChunkStore,
  embedder: Embedder | null,
  name: string,
  loadError?: string,
): Promise<SemanticState> {
  // Without a model, chunks still name the embedder (with a null vector), so it can be added later.
  if (!embedder) return unavailable(`embedding model unavailable: ${loadError ?? 'not configured'}`, null, name);
  const record = await store.getEmbedderRecord();
  if (!record) {
    // A fresh index, or one built keyword-only: its chunks are marked hasVector=false and get filled in.
    await store.putEmbedderRecord({
      modelId: embedder.modelId,
      fingerprint: embedder.fingerprint,
      dimensions: embedder.dimensions,
    });
    return { embedder, available: true, embedderName: name };
  }
  if (record.fingerprint !== embedder.fingerprint || record.dimensions !== embedder.dimensions) {
    return unavailable(
      `index vectors were made by ${record.modelId} (fingerprint ${record.fingerprint}, ${record.dimensions} dims) but this service runs ` +
        `${embedder.modelId} (fingerprint ${embedder.fingerprint}, ${embedder.dimensions} dims); run \`kensaku reindex --embeddings\``,
      embedder,
      name,
    );
  }
  return { embedder, available: true, embedderName: name };
}
