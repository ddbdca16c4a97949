import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, inject } from 'vitest';
import { loadConfig, type Config } from '../../config/index.ts';
import { createLogger } from '../../service/logger.ts';
import { openCore, type Core } from '../../service/open-core.ts';
import { resolveSettings } from '../../service/settings.ts';
import type { SearchResponse } from '../../search/types.ts';
import { buildApp } from '../../server/build-app.ts';
import { dropAll } from '../../tools/lib/drop-all.ts';
import { waitFor } from './wait.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHARED = path.resolve(ROOT, '..', 'shared');
export const MODEL_DIR = path.join(SHARED, 'models', 'multilingual-e5-small');
export const SAMPLE_PATH = path.join(ROOT, 'corpus', 'japan-us-foreign-ministers-2014-02-07.txt');

let counter = 0;

/**
 * A config against the run's real Meilisearch (tests/setup), with a fresh index and data dir per call. The data dir
 * lives under the run's tmpRoot, so a test that opens a core without closing the service still leaves nothing behind.
 */
export function testConfig(overrides: Record<string, string> = {}): Config {
  const dataDir = mkdtempSync(path.join(inject('tmpRoot'), 'data-'));
  const index = `t${process.pid}_${Date.now().toString(36)}_${counter++}`;
  return loadConfig({
    MEILI_URL: inject('meiliUrl'),
    MEILI_MASTER_KEY: inject('meiliKey'),
    DATA_DIR: dataDir,
    INDEX_NAME: index,
    EMBED_MODEL_DIR: MODEL_DIR,
    EMBED_DOWNLOAD: 'off',
    DEMO_CORPUS: 'off',
    LOG_LEVEL: 'silent',
    // Every in-process request comes from one address: the suite's own load is not what the limit is for
    // (tests/api-keys.test.ts sets limits and checks them).
    RATE_LIMIT_ANON_PER_MINUTE: '0',
    ...overrides,
  });
}

export interface TestService {
  core: Core;
  app: ReturnType<typeof buildApp>['app'];
  built: ReturnType<typeof buildApp>;
  config: Config;
  /** Drops the test's indexes, closes the model, removes the data dir. */
  close(): Promise<void>;
}

/**
 * A second service in process on another's index (give its INDEX_NAME), as a process started with other settings
 * would be: its queue runs; closing it leaves the index to the first service.
 */
export const joinTestService = (overrides: Record<string, string>, options: { embeddings?: boolean } = {}) =>
  startTestService(overrides, { ...options, join: true });

/** The real service in process: real Meilisearch, real model (unless EMBED_MODEL_DIR is overridden). */
export async function startTestService(
  overrides: Record<string, string> = {},
  options: { embeddings?: boolean; join?: boolean } = {},
): Promise<TestService> {
  const config = testConfig(overrides);
  const core = await openCore({
    settings: resolveSettings(config),
    logger: createLogger('silent'),
    separateIndexer: false,
    embeddings: options.embeddings,
  });
  if (options.join) await core.ready;
  const built = buildApp(core, { defaultMetrics: false });
  built.tasks.start();
  return {
    core,
    app: built.app,
    built,
    config,
    async close() {
      if (!options.join) await built.tasks.idle();
      await built.tasks.stop();
      if (!options.join) await dropAll(core.store);
      await core.close();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

/** GET /search with these parameters, which must answer 200; its body. */
export async function searchOk(
  app: TestService['app'],
  query: Record<string, string | number>,
): Promise<SearchResponse> {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const res = await app.request(`/search?${qs}`);
  expect(res.status).toBe(200);
  return (await res.json()) as SearchResponse;
}

/** Posts documents as the API does and waits for the task to finish. */
export async function indexViaApi(app: TestService['app'], body: unknown, headers: Record<string, string> = {}) {
  const res = await app.request('/documents', {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });
  if (res.status !== 202) throw new Error(`POST /documents: ${res.status} ${await res.text()}`);
  const { taskId } = (await res.json()) as { taskId: string };
  return waitFor(
    `task ${taskId} to finish`,
    async () => {
      const task = (await (await app.request(`/tasks/${taskId}`, { headers })).json()) as { status: string };
      return task.status === 'succeeded' || task.status === 'failed' ? task : undefined;
    },
    { intervalMs: 50 },
  );
}

/** indexViaApi for a test's own corpus: every document must go in, or the setup fails with the task's report. */
export async function indexAllViaApi(app: TestService['app'], body: unknown, headers: Record<string, string> = {}) {
  const task = (await indexViaApi(app, body, headers)) as { status: string; errors?: unknown[] };
  if (task.status !== 'succeeded' || task.errors?.length)
    throw new Error(`indexing the test documents failed: ${JSON.stringify(task)}`);
  return task;
}
