// One model session for searches and indexing (the server's default): queries go first, vectors stay the same.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalEmbedder } from '../embeddings/local.ts';
import type { CountingEmbedder } from '../embeddings/types.ts';
import { createWorkerEmbedder } from '../embeddings/worker-embedder.ts';
import { buildApp } from '../server/build-app.ts';
import { createLogger } from '../service/logger.ts';
import { openCore } from '../service/open-core.ts';
import { resolveSettings } from '../service/settings.ts';
import { dropAll } from '../tools/lib/drop-all.ts';
import { MODEL_DIR, sampleLine } from './helpers/embed-model.ts';
import { searchOk, testConfig } from './helpers/service.ts';
import { waitFor } from './helpers/wait.ts';

const passages = ['辺野古', 'TPPは日米同盟', '拉致問題', '普天間', '尖閣'].map((w) => sampleLine(w).repeat(3));

describe('one session, queries first', () => {
  let worker: CountingEmbedder;
  let inProcess: CountingEmbedder;
  beforeAll(async () => {
    [worker, inProcess] = await Promise.all([
      // As the server runs it: passages pause while queries arrive.
      createWorkerEmbedder({ modelDir: MODEL_DIR, threads: 2, indexYield: { ratio: 3, windowMs: 1000 } }),
      createLocalEmbedder({ modelDir: MODEL_DIR, threads: 2 }),
    ]);
  });
  afterAll(async () => {
    await worker?.close();
    await inProcess?.close();
  });

  it('a query sent behind queued documents is answered before them', async () => {
    const order: string[] = [];
    const note = <T>(name: string, p: Promise<T>) => p.then((v) => (order.push(name), v));
    // Four documents queued (as the indexer keeps them in flight), then a search's query.
    const docs = passages.slice(0, 4).map((t, i) => note(`doc${i}`, worker.embedPassages([t])));
    const query = note('query', worker.embedQuery('沖縄の基地移転'));
    await Promise.all([...docs, query]);
    // The first document may already be running when the query arrives; none of the others goes before it.
    expect(order.indexOf('query')).toBeLessThanOrEqual(1);
    expect(order.filter((n) => n !== 'query')).toEqual(['doc0', 'doc1', 'doc2', 'doc3']);
  });

  it('a query goes between the texts of one long document, which keeps its vectors', async () => {
    const order: string[] = [];
    const doc = worker.embedPassages(passages).then((v) => (order.push('doc'), v));
    const query = worker.embedQuery('拉致問題の解決').then((v) => (order.push('query'), v));
    const [vectors, q] = await Promise.all([doc, query]);
    expect(order).toEqual(['query', 'doc']);
    expect(vectors).toEqual(await inProcess.embedPassages(passages));
    expect(q).toEqual(await inProcess.embedQuery('拉致問題の解決'));
  });

  it('a document indexes to the end while searches keep arriving one after another, with the same vectors', async () => {
    let indexed = false;
    let searches = 0;
    const searching = (async () => {
      while (!indexed) {
        await worker.embedQuery(`沖縄の基地移転 ${searches}`);
        searches++;
      }
    })();
    const vectors = await worker.embedPassages(passages).finally(() => (indexed = true));
    await searching;
    expect(vectors).toEqual(await inProcess.embedPassages(passages));
    expect(searches).toBeGreaterThan(passages.length);
  });
});

describe('the server indexes on its query model', () => {
  const config = testConfig();
  let core: Awaited<ReturnType<typeof openCore>>;
  let built: ReturnType<typeof buildApp>;
  beforeAll(async () => {
    core = await openCore({ settings: resolveSettings(config), logger: createLogger('silent'), separateIndexer: true });
    built = buildApp(core, { defaultMetrics: false });
    built.tasks.start();
  });
  afterAll(async () => {
    await built?.tasks.idle();
    await built?.tasks.stop();
    if (core) {
      await dropAll(core.store);
      await core.close();
    }
    rmSync(config.dataDir, { recursive: true, force: true });
  });

  it('answers hybrid searches while a bulk index runs, and finds the new documents after', async () => {
    expect(core.settings.embedders.indexOnQuerySession).toBe(true);
    const documents = Array.from({ length: 60 }, (_, i) => ({
      id: `bulk-${i}`,
      title: `会談記録 ${i}`,
      text: `${passages[i % passages.length]} 第${i}回の記録。`,
    }));
    const res = await built.app.request('/documents', {
      method: 'POST',
      body: JSON.stringify({ documents }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(202);
    const { taskId } = (await res.json()) as { taskId: string };
    const status = async () =>
      ((await (await built.app.request(`/tasks/${taskId}`)).json()) as { status: string }).status;

    // Searches run until the task is done; at least one must have answered, with both legs, while it was running.
    let answeredWhileIndexing = 0;
    for (;;) {
      const before = await status();
      if (before === 'succeeded' || before === 'failed') break;
      const body = await searchOk(built.app, { q: '沖縄の基地移転', mode: 'hybrid' });
      expect(body.degraded).toEqual([]);
      if ((await status()) === 'processing' && before === 'processing') answeredWhileIndexing++;
    }
    expect(answeredWhileIndexing).toBeGreaterThan(0);
    expect(await status()).toBe('succeeded');

    const found = await waitFor('the bulk documents to be searchable', async () => {
      const body = await searchOk(built.app, { q: '第17回の記録', mode: 'hybrid', limit: 5 });
      return body.hits.some((h) => h.documentId === 'bulk-17') ? body : undefined;
    });
    expect(found.hits[0].documentId).toBe('bulk-17');
  });
});
