// The latency peer's app: query embedding + Meilisearch's NATIVE hybrid search (peer/native-hybrid.ts) behind Hono,
// built from the same pieces kensaku uses (embedder, a Meilisearch client made as the store's), so the two are measured
// identically. tools/bench/peer-server.ts serves it; the cpu section drives it in process.
import { Hono } from 'hono';
import { nativeHybrid } from '../peer/native-hybrid.ts';
import { renderSnippet } from '../../search/snippet.ts';
import type { Embedder } from '../../embeddings/types.ts';
import type { ChunkStore } from '../../store/chunk-store.ts';
import { meiliClient } from '../../store/meili-client.ts';

export interface PeerAppOptions {
  embedder: Embedder;
  store: ChunkStore;
  locale: string;
  /** Hits asked of Meilisearch by default (limit=N overrides). */
  window: number;
  semanticRatio: number;
}

/** The peer's Meilisearch semanticRatio everywhere the bench runs it: our fusion's default semantic weight. */
export const PEER_SEMANTIC_RATIO = 0.7;

const round = (ms: number) => Math.round(ms * 10) / 10;

/** GET /search?q=…&limit=N -> { query, hits, processingTimeMs: { total, embedding, meilisearch } }; GET /health. */
export function createPeerApp({ embedder, store, locale, window, semanticRatio }: PeerAppOptions): Hono {
  const app = new Hono();
  const client = meiliClient(store.options);
  app.get('/health', async (c) => {
    const meili = await store.health();
    return c.json(
      { status: meili.status === 'available' ? 'ok' : 'unavailable' },
      meili.status === 'available' ? 200 : 503,
    );
  });
  app.get('/search', async (c) => {
    const started = performance.now();
    const q = (c.req.query('q') ?? '').trim();
    if (!q) return c.json({ error: { code: 'empty_query', message: 'q is required' } }, 400);
    const limit = Math.min(100, Math.max(1, Number(c.req.query('limit') ?? window) || window));
    const vector = await embedder.embedQuery(q);
    const embedded = performance.now();
    const hits = await nativeHybrid(client, {
      indexName: store.options.indexName,
      embedderName: store.options.embedder!.name,
      q,
      vector,
      limit,
      locale,
      semanticRatio,
    });
    const done = performance.now();
    return c.json({
      query: q,
      hits: hits.slice(0, limit).map((h) => ({
        documentId: h.chunk.documentId,
        chunkId: h.chunk.chunkId,
        title: h.chunk.title,
        headingPath: h.chunk.headingPath,
        text: h.chunk.originalText,
        snippet: renderSnippet(h.marked ?? h.chunk.text, '<mark>', '</mark>'),
        score: h.score,
      })),
      processingTimeMs: {
        total: round(done - started),
        embedding: round(embedded - started),
        meilisearch: round(done - embedded),
      },
    });
  });
  return app;
}
