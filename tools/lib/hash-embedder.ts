import type { Embedder } from '../../embeddings/types.ts';
import { normalizeForMatch } from '../../text/normalize.ts';

/**
 * A cheap deterministic stand-in for the model, for the scale runs only (the real model would take hours for 100k
 * chunks on 2 cores): feature hashing of character bigrams into 384 dimensions with random signs, L2-normalised.
 * Texts sharing bigrams get similar vectors, so the vector index has structure like real embeddings (hash-seeded
 * random vectors would give HNSW an unrealistically structureless space). Microseconds per text.
 */
export function createHashEmbedder(dimensions = 384): Embedder {
  const embed = (text: string): number[] => {
    const t = normalizeForMatch(text);
    const v = new Float64Array(dimensions);
    for (let i = 0; i + 1 < t.length || i === 0; i++) {
      const gram = t.slice(i, i + 2) || '\0';
      let h = 0x811c9dc5;
      for (let k = 0; k < gram.length; k++) h = Math.imul(h ^ gram.charCodeAt(k), 0x01000193);
      for (let j = 0; j < 2; j++) {
        h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
        v[h % dimensions] += h & 0x10000 ? 1 : -1;
      }
      if (t.length < 2) break;
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    if (norm === 0) return Array.from(v, () => 1 / Math.sqrt(dimensions));
    norm = Math.sqrt(norm);
    return Array.from(v, (x) => x / norm);
  };
  return {
    modelId: 'bench-hash-bigram',
    dimensions,
    fingerprint: 'benchhashbigram1',
    embedPassages: async (texts) => texts.map(embed),
    embedQuery: async (text) => embed(text),
    close: async () => {},
  };
}
