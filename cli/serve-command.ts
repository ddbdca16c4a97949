import { serve } from '@hono/node-server';
import { isLoopback, type Config } from '../config/index.ts';
import { KensakuError } from '../errors/kensaku-error.ts';
import { handleClientError } from '../api/client-error.ts';
import { readSources } from './read-sources.ts';
import { buildApp } from '../service/build-app.ts';
import { PROJECT_ROOT } from '../service/embedder-setup.ts';
import { createLogger } from '../service/logger.ts';
import { openCore } from '../service/open-core.ts';

/** `kensaku serve`: Meilisearch (own or MEILI_URL), the model, the API; stops everything on SIGINT/SIGTERM. */
export async function serveCommand(config: Config): Promise<number> {
  if (!isLoopback(config.HOST) && !config.ADMIN_KEY) {
    throw new KensakuError('invalid_config', `HOST=${config.HOST} is reachable from other machines: set ADMIN_KEY (and SEARCH_KEY for widgets) first`);
  }
  const logger = createLogger(config.LOG_LEVEL);
  const core = await openCore({ config, logger, separateIndexer: true });
  const { app, indexing, fillMissingVectors } = buildApp(core);
  fillMissingVectors();
  if (config.DEMO_CORPUS && (await core.store.countChunks()) === 0) {
    const parsed = { documents: await readDemoCorpus(), errors: [] };
    const task = indexing.enqueueIndex(parsed);
    logger.info({ taskId: task.id, documents: parsed.documents.length }, 'indexing the demo corpus (DEMO_CORPUS=on, empty index)');
  }
  const server = serve({ fetch: app.fetch, hostname: config.HOST, port: config.PORT }, (info) => {
    logger.info({ url: `http://${config.HOST}:${info.port}`, meilisearch: core.meili.mode }, 'kensaku listening');
  });
  server.on('clientError', handleClientError);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  return new Promise<number>(() => {});
}

/** The demo documents get the ids `kensaku index corpus/` would give them, so the two never duplicate. */
async function readDemoCorpus() {
  const { documents, failed } = await readSources(['corpus'], PROJECT_ROOT);
  if (failed.length) throw new KensakuError('invalid_document', `demo corpus: ${failed.map((f) => `${f.documentId}: ${f.message}`).join('; ')}`);
  return documents;
}
