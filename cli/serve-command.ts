import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import { isLoopback } from '../config/index.ts';
import { KensakuError } from '../errors/kensaku-error.ts';
import { handleClientError } from '../api/client-error.ts';
import { readSources } from './read-sources.ts';
import { buildApp } from '../server/build-app.ts';
import { PROJECT_ROOT } from '../service/embedder-setup.ts';
import { createLogger } from '../service/logger.ts';
import { openCore } from '../service/open-core.ts';
import type { Settings } from '../service/settings.ts';
import { ensureWebBundles } from '../web/build.ts';

/** Off loopback, the shortest ADMIN_KEY or SEARCH_KEY accepted. */
const MIN_KEY_LENGTH = 16;

/**
 * `kensaku serve`: Meilisearch (own or MEILI_URL), the API, the task queue. Keyword search answers as soon as
 * Meilisearch does; the model loads behind it. SIGINT/SIGTERM drain in-flight requests and stop the queue at a
 * checkpoint, within SHUTDOWN_TIMEOUT_MS; unfinished tasks stay durable for the next start.
 */
export async function serveCommand(settings: Settings): Promise<number> {
  const { http } = settings;
  if (!isLoopback(http.host)) {
    if (!http.adminKey)
      throw new KensakuError(
        'invalid_config',
        `HOST=${http.host} is reachable from other machines: set ADMIN_KEY (and SEARCH_KEY for widgets) first`,
      );
    // Refused requests are not slowed down (that would lock out everyone behind a shared address), so a key must be
    // long enough that guessing it online is hopeless: Meilisearch asks the same of its master key in production.
    const weak = Object.entries({ ADMIN_KEY: http.adminKey, SEARCH_KEY: http.searchKey })
      .filter(([, key]) => key !== undefined && key.length < MIN_KEY_LENGTH)
      .map(([name]) => name);
    if (weak.length)
      throw new KensakuError(
        'invalid_config',
        `HOST=${http.host} is reachable from other machines: ${weak.join(' and ')} must be at least ${MIN_KEY_LENGTH} characters`,
      );
  }
  const logger = createLogger(settings.logLevel);
  const started = performance.now();
  // Before Meilisearch and the model: a missing build fails at once, with the fix named.
  if ((await ensureWebBundles()) === 'rebuilt') logger.info('web/dist was missing or older than web/: rebuilt it');
  // A second server on one DATA_DIR refuses: joined, it could not restart a Meilisearch that dies with its owner.
  const core = await openCore({
    settings,
    logger,
    separateIndexer: true,
    early: true,
    whenOwned: { command: 'serve', action: 'refuse' },
  });
  const { app, tasks, indexing } = buildApp(core);
  const server = serve({ fetch: app.fetch, hostname: http.host, port: http.port }, (info) => {
    logger.info(
      {
        url: `http://${http.host}:${info.port}`,
        meilisearch: core.meili.mode,
        ms: Math.round(performance.now() - started),
      },
      'kensaku listening (keyword search ready)',
    );
  }) as Server;
  server.on('clientError', handleClientError);
  tasks.start();
  void core.ready
    .then(async () => {
      logger.info({ ms: Math.round(performance.now() - started), semantic: core.semantic.available }, 'fully ready');
      if (core.semantic.available) await indexing.enqueueFillVectors();
      if (
        settings.demoCorpus &&
        (await core.store.countChunks()) === 0 &&
        (await core.taskStore.unfinishedCount()) === 0
      ) {
        const task = await indexing.enqueueIndex({ documents: await readDemoCorpus(), errors: [] });
        logger.info({ taskId: task.id }, 'indexing the demo corpus (DEMO_CORPUS=on, empty index)');
      }
    })
    .catch((e) => logger.error({ err: (e as Error).message }, 'start-up tasks failed'));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests, stopping the task queue at a checkpoint');
    const bound = new Promise<void>((r) => setTimeout(r, http.shutdownTimeoutMs).unref());
    const drained = new Promise<void>((r) => server.close(() => r()));
    server.closeIdleConnections();
    await Promise.race([Promise.all([drained, tasks.stop()]), bound]);
    server.closeAllConnections();
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
  if (failed.length)
    throw new KensakuError(
      'invalid_document',
      `demo corpus: ${failed.map((f) => `${f.documentId}: ${f.message}`).join('; ')}`,
    );
  return documents;
}
