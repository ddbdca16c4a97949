import { once } from 'node:events';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Meilisearch } from 'meilisearch';
import { buildApp } from '../server/build-app.ts';
import { createLogger } from '../service/logger.ts';
import { openCore } from '../service/open-core.ts';
import { resolveSettings } from '../service/settings.ts';
import { dropAll } from '../tools/lib/drop-all.ts';
import type { TaskRecord } from '../domain/tasks.ts';
import { waitFor } from './helpers/process.ts';
import {
  dropIndexes,
  finishedTask,
  getJson,
  killServers,
  postDocuments,
  serverEnv,
  startServer,
} from './helpers/server-process.ts';
import { indexViaApi, SAMPLE_PATH, testConfig } from './helpers/service.ts';

const meili = new Meilisearch({ host: inject('meiliUrl'), apiKey: inject('meiliKey') });
const envs: Record<string, string>[] = [];
afterAll(async () => {
  killServers();
  for (const env of envs) await dropIndexes(env.INDEX_NAME);
});

describe('start and stop', () => {
  it('answers keyword search before the model has loaded; hybrid says the semantic leg is starting, then uses it', async () => {
    const settings = resolveSettings(testConfig());
    const first = await openCore({ settings, logger: createLogger('silent'), separateIndexer: false });
    const built = buildApp(first, { defaultMetrics: false });
    built.tasks.start();
    await indexViaApi(built.app, { id: 'sample', text: readFileSync(SAMPLE_PATH, 'utf8') });
    await built.tasks.stop();
    await first.close();

    // A restart on the same index: openCore returns before the model loads (the model takes seconds, a search ms).
    const core = await openCore({ settings, logger: createLogger('silent'), separateIndexer: true, early: true });
    try {
      const { app } = buildApp(core, { defaultMetrics: false });
      expect(core.semantic.starting).toBe(true);
      const keyword = (await (
        await app.request(`/search?mode=keyword&q=${encodeURIComponent('普天間')}`)
      ).json()) as Record<string, any>;
      expect(keyword.hits[0].text).toContain('普天間問題に関し');
      const hybrid = (await (await app.request(`/search?q=${encodeURIComponent('普天間')}`)).json()) as Record<
        string,
        any
      >;
      expect(hybrid.degraded).toEqual(['semantic']);
      expect(hybrid.warnings.semantic).toMatch(/^starting/);
      expect(hybrid.hits[0].chunkId).toBe(keyword.hits[0].chunkId);
      const health = (await (await app.request('/health')).json()) as Record<string, any>;
      expect(health).toMatchObject({ status: 'degraded', embeddings: { status: 'starting' } });

      await core.ready;
      const after = (await (await app.request(`/search?q=${encodeURIComponent('普天間')}`)).json()) as Record<
        string,
        any
      >;
      expect(after.degraded).toEqual([]);
      expect(after.hits[0].explain.semantic).not.toBeNull();
      expect(((await (await app.request('/health')).json()) as Record<string, any>).status).toBe('ok');
    } finally {
      await dropAll(core.store);
      await core.close();
    }
  });

  it('on SIGTERM finishes the requests in flight, exits 0, and leaves the running task for the next start', async () => {
    const env = serverEnv({ SHUTDOWN_TIMEOUT_MS: '20000' });
    envs.push(env);
    const server = await startServer(env);
    const docs = Array.from({ length: 40 }, (_, i) => ({
      id: `term-${i}`,
      text: `停止の確認用文書${i}番。`.repeat(30) + `\n\n二段落目は${i}番の補足である。`.repeat(8),
    }));
    const taskId = await postDocuments(server.base, docs);
    await waitFor('the task to run', async () =>
      (await getJson(`${server.base}/tasks/${taskId}`)).body.status === 'processing' ? true : undefined,
    );
    // In flight: the request is written to the server's socket before SIGTERM goes.
    const req = http.get(`${server.base}/search?q=${encodeURIComponent('停止の確認')}&limit=3`);
    const inFlight = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => res.resume().on('end', () => resolve(res.statusCode!)));
      req.on('error', reject);
    });
    await once(req, 'finish');
    const code = server.stop();
    expect(await inFlight).toBe(200);
    expect(await code).toBe(0);
    // Nothing listens any more.
    await expect(fetch(`${server.base}/health`)).rejects.toThrow();
    const stored = (await meili.index<TaskRecord>(`${env.INDEX_NAME}_tasks`).getDocument(taskId)) as TaskRecord;
    expect(['processing', 'succeeded']).toContain(stored.status);

    const again = await startServer(env);
    expect(await finishedTask(again.base, taskId)).toMatchObject({
      status: 'succeeded',
      counts: { documents: 40, failed: 0 },
    });
    expect((await getJson(`${again.base}/documents?limit=100`)).body.total).toBe(40);
    expect(await again.stop()).toBe(0);
  }, 600_000);
});
