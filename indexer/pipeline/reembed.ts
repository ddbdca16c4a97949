import type { Embedder } from '../../embeddings/types.ts';
import type { ChunkStore } from '../../store/chunk-store.ts';
import { fillVectors } from './fill-vectors.ts';

export interface ReembedOptions {
  store: ChunkStore;
  embedder: Embedder;
  embedderName: string;
  onProgress?: (done: number) => void;
}

/**
 * Re-embeds every stored chunk with `embedder`, from the stored text (sources are not re-read). The embedder
 * record changes last: until then the service keeps the semantic leg off, so old and new vectors never mix.
 */
export async function reembedAll(options: ReembedOptions): Promise<number> {
  const { store, embedder } = options;
  const record = await store.getEmbedderRecord();
  if (record && record.dimensions !== embedder.dimensions) {
    // Another size cannot share the embedder: drop it (and its vectors), then settings add it back at the new size.
    await store.resetEmbedders();
    await store.ensureIndexes();
  }
  const count = await fillVectors({ ...options, filter: 'hasVector = true OR hasVector = false' });
  await store.putEmbedderRecord({
    modelId: embedder.modelId,
    fingerprint: embedder.fingerprint,
    dimensions: embedder.dimensions,
  });
  return count;
}
