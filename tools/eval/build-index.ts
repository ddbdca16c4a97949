/** Indexing an eval set through the product's pipeline, as a variant (chunk size, stop words, embedded text). */
import { createKeywordForm } from '../../indexer/keyword-form.ts';
import type { Embedder } from '../../embeddings/types.ts';
import { lexicalParts } from '../../search/order.ts';
import type { ChunkParts } from '../../search/lexical/chunk-terms.ts';
import { chunkDocument, embeddingText } from '../../indexer/chunker.ts';
import { indexDocuments } from '../../indexer/pipeline/index-documents.ts';
import type { Chunk } from '../../domain/documents.ts';
import { createChunkStore, type ChunkStore } from '../../store/chunk-store.ts';
import type { EvalSet } from './datasets.ts';
import type { EvalEnv } from './env.ts';

/** How a set is indexed. The default variant is the product's own path (core.store, config values). */
export interface IndexVariant {
  label: string;
  maxChars: number;
  stopWords: string[];
  /** false: keyword-only index (for stop-word variants; semantic legs then come from another index). */
  vectors: boolean;
  /** Replaces what is embedded for a chunk (default: indexer/embedding-text.ts). */
  embedText?: (chunk: Chunk) => string;
  /** Use the core's own store (settings from config) instead of a new index. */
  useCoreStore?: boolean;
}

export interface ChunkInfo {
  id: string;
  documentId: string;
  text: string;
  /** What coverage and the reranker read (title and headings, original text: search/order.ts lexicalParts), as the API does. */
  lexical: ChunkParts;
  /** The same with the chunk's readings, as the API reads the hits of a kana or romaji query. */
  lexicalWithReadings: ChunkParts;
}

export interface BuiltIndex {
  variant: IndexVariant;
  store: ChunkStore;
  chunks: ChunkInfo[];
  indexMs: number;
}

let storeCounter = 0;

/** Indexes the set's documents through the real pipeline (chunker → embedder → indexDocuments → Meilisearch). */
export async function buildIndex(env: EvalEnv, set: EvalSet, variant: IndexVariant): Promise<BuiltIndex> {
  const started = performance.now();
  const { core } = env;
  let store = core.store;
  if (!variant.useCoreStore) {
    store = createChunkStore({
      ...core.store.options,
      indexName: `${core.settings.store.indexName}_v${storeCounter++}`,
      stopWords: variant.stopWords,
      embedder: variant.vectors ? core.store.options.embedder : null,
    });
    env.stores.push(store);
    await store.ensureIndexes();
  }
  const embedder = variant.vectors ? substituting(core.indexEmbedder!, set, variant) : null;
  const summary = await indexDocuments(set.documents, {
    store,
    embedder,
    embedderName: variant.vectors ? core.semantic.embedderName : null,
    maxChars: variant.maxChars,
    keywordForm: createKeywordForm(core.settings.keywordForm),
  });
  if (summary.failed.length)
    throw new Error(
      `indexing failed for ${summary.failed.length} documents, e.g. ${summary.failed[0].documentId}: ${summary.failed[0].message}`,
    );
  const chunks: ChunkInfo[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await store.getChunks(undefined, 1000, offset);
    chunks.push(
      ...page.map((c) => ({
        id: c.id,
        documentId: c.documentId,
        text: c.originalText ?? c.text,
        lexical: lexicalParts({ ...c, reading: undefined, romaji: undefined }),
        lexicalWithReadings: lexicalParts(c),
      })),
    );
    if (page.length < 1000) break;
  }
  return { variant, store, chunks, indexMs: performance.now() - started };
}

/** An embedder that embeds the variant's text in place of the default embedding text (same chunks, same pipeline). */
function substituting(inner: Embedder, set: EvalSet, variant: IndexVariant): Embedder {
  if (!variant.embedText) return inner;
  const swap = new Map<string, string>();
  for (const doc of set.documents)
    for (const c of chunkDocument(doc, { maxChars: variant.maxChars }))
      swap.set(embeddingText(c), variant.embedText(c));
  return {
    modelId: inner.modelId,
    dimensions: inner.dimensions,
    fingerprint: inner.fingerprint,
    parallelism: inner.parallelism,
    embedPassages: (texts) => inner.embedPassages(texts.map((t) => swap.get(t) ?? t)),
    embedQuery: (t) => inner.embedQuery(t),
    close: async () => {}, // the core owns the real embedder
  };
}
