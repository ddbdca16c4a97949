// The API of the growth section as its own process, so its RSS is the API's alone (the bench process holds the
// corpus): kensaku's real app (routes, fusion, answers, JSON) on the bench's Meilisearch, with the hashed-bigram
// embedder for queries, because the growth index holds hashed vectors (the model would not match them).
//
//   MEILI_URL=… MEILI_MASTER_KEY=… INDEX_NAME=… PORT=… node --import tsx tools/bench/sections/growth-server.ts
import { serve } from '@hono/node-server';
import { loadConfig } from '../../../config/index.ts';
import { buildApp } from '../../../server/build-app.ts';
import { createLogger } from '../../../service/logger.ts';
import { connectMeilisearch } from '../../../service/meili-connection.ts';
import type { Core } from '../../../service/open-core.ts';
import { resolveSettings } from '../../../service/settings.ts';
import { createChunkStore } from '../../../store/chunk-store.ts';
import { stopWordsFor } from '../../../text/stop-words.ts';
import { createHashEmbedder } from '../../lib/hash-embedder.ts';

const config = loadConfig();
if (!config.MEILI_URL) throw new Error('growth-server: set MEILI_URL and MEILI_MASTER_KEY');
const settings = resolveSettings(config);
const meili = await connectMeilisearch(settings.meili);
const hash = createHashEmbedder();
const store = createChunkStore({
  url: meili.url,
  apiKey: meili.apiKey,
  indexName: config.INDEX_NAME,
  locale: config.INDEX_LOCALE,
  stopWords: stopWordsFor(config.STOP_WORDS),
  embedder: { name: hash.modelId, dimensions: hash.dimensions },
  timeoutMs: config.MEILI_TIMEOUT_MS,
});
// The scale section's in-process core, served: search only (the bench indexes, this process never writes).
const core = {
  settings,
  logger: createLogger('silent'),
  meili,
  store,
  embedder: hash,
  indexEmbedder: hash,
  semantic: { embedder: hash, available: true, embedderName: hash.modelId },
  close: async () => {},
} as unknown as Core;
const { app } = buildApp(core, { defaultMetrics: false });
const server = serve({ fetch: app.fetch, hostname: config.HOST, port: config.PORT }, (info) => {
  console.log(JSON.stringify({ msg: 'growth api listening', port: info.port }));
});
const shutdown = () => {
  server.close();
  process.exit(0);
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
