// The latency peer of `npm run bench`: query embedding + Meilisearch's NATIVE hybrid search, served the way
// kensaku serves (Hono + @hono/node-server, the same model through createEmbedder with the same query cache, the
// same chunk index through createChunkStore), so the two are measured identically. It never writes to the index.
//
//   MEILI_URL=… MEILI_MASTER_KEY=… PORT=… DATA_DIR=… EMBED_MODEL_DIR=… node --import tsx tools/bench/peer-server.ts [--window 10] [--ratio 0.7]
//
// GET /search?q=…&limit=N -> { query, hits: [...], processingTimeMs: { total, embedding, meilisearch } }
// GET /health             -> { status: 'ok' } once the model is loaded and Meilisearch answers
import { serve } from '@hono/node-server';
import { loadConfig } from '../../config/index.ts';
import { loadEmbedder } from '../../service/embedder-setup.ts';
import { resolveSettings } from '../../service/settings.ts';
import { createChunkStore } from '../../store/chunk-store.ts';
import { embedderName } from '../../store/ids.ts';
import { stopWordsFor } from '../../text/stop-words.ts';
import { parseFlags } from '../lib/args.ts';
import { PEER_SEMANTIC_RATIO, createPeerApp } from '../lib/peer-app.ts';

const flags = parseFlags(process.argv.slice(2), { window: { type: 'string' }, ratio: { type: 'string' } });
const window = Number(flags.window ?? 10);
const ratio = Number(flags.ratio ?? PEER_SEMANTIC_RATIO);
const config = loadConfig();
if (!config.MEILI_URL)
  throw new Error('peer-server: set MEILI_URL (and MEILI_MASTER_KEY) to the Meilisearch kensaku uses');

// Built exactly as kensaku's query embedder (provider, threads, spinning, query LRU); no passage disk cache.
const embedder = await loadEmbedder(resolveSettings(config).embedders.query);
const store = createChunkStore({
  url: config.MEILI_URL,
  apiKey: config.MEILI_MASTER_KEY,
  indexName: config.INDEX_NAME,
  locale: config.INDEX_LOCALE,
  stopWords: stopWordsFor(config.STOP_WORDS),
  embedder: { name: embedderName(embedder.modelId), dimensions: embedder.dimensions },
  timeoutMs: config.MEILI_TIMEOUT_MS,
});

const app = createPeerApp({ embedder, store, locale: config.INDEX_LOCALE, window, semanticRatio: ratio });

const server = serve({ fetch: app.fetch, hostname: config.HOST, port: config.PORT }, (info) => {
  console.log(JSON.stringify({ msg: 'peer listening', port: info.port, window, ratio }));
});
const shutdown = async () => {
  server.close();
  await embedder.close();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
