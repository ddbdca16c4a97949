import type { Config } from '../../config/index.ts';
import { createChunkStore } from '../../store/chunk-store.ts';
import { stopWordsFor } from '../../text/stop-words.ts';
import type { Embedder } from '../../embeddings/types.ts';

/**
 * A chunk store on `indexName` whose vectors come from the hashed embedder (hash-embedder.ts), its indexes made and
 * its embedder recorded, as the scale and growth runs index into it.
 */
export async function openHashedStore(
  meili: { url: string; apiKey?: string },
  config: Pick<Config, 'INDEX_LOCALE' | 'STOP_WORDS' | 'MEILI_TIMEOUT_MS'>,
  indexName: string,
  hash: Embedder,
) {
  const store = createChunkStore({
    url: meili.url,
    apiKey: meili.apiKey,
    indexName,
    locale: config.INDEX_LOCALE,
    stopWords: stopWordsFor(config.STOP_WORDS),
    embedder: { name: hash.modelId, dimensions: hash.dimensions },
    timeoutMs: config.MEILI_TIMEOUT_MS,
  });
  await store.ensureIndexes();
  await store.putEmbedderRecord({ modelId: hash.modelId, fingerprint: hash.fingerprint, dimensions: hash.dimensions });
  return store;
}
