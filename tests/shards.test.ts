import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeShard } from '../store/shards/placement.ts';
import {
  indexAllViaApi,
  SAMPLE_PATH,
  SHARED,
  startTestService,
  testConfig,
  type TestService,
} from './helpers/service.ts';
import { finished, runCli, waitFor } from './helpers/process.ts';
import { sleep } from './helpers/wait.ts';
import { SYNONYMS_TTL_MS } from '../store/chunk-store.ts';
import { killServers, serverEnv, startServer, tasksRunBy } from './helpers/server-process.ts';
import { loadConfig } from '../config/index.ts';
import { openCore, type Core } from '../service/open-core.ts';
import { resolveSettings } from '../service/settings.ts';
import { dropAll } from '../tools/lib/drop-all.ts';
import { createLogger } from '../service/logger.ts';
import { buildApp } from '../server/build-app.ts';
import { createCoreQueue } from '../service/core-queue.ts';
import { followTask } from '../cli/follow-task.ts';
import { reembedAll } from '../indexer/pipeline/reembed.ts';
import { startShardNodes } from './helpers/shard-nodes.ts';

type Hit = { chunkId: string; documentId: string };
type SearchBody = {
  hits: Hit[];
  degraded: string[];
  warnings: Record<string, string>;
  facetDistribution?: Record<string, Record<string, number>>;
};

const jsonl = <T>(file: string): T[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);
const JSQUAD = path.join(SHARED, 'eval', 'jsquad-valid');
const paragraphs = jsonl<{ id: string; title: string; text: string }>(path.join(JSQUAD, 'corpus.jsonl')).slice(0, 150);
const inSlice = new Set(paragraphs.map((p) => p.id));
const questions = jsonl<{ query: string; relevant: string[] }>(path.join(JSQUAD, 'queries.jsonl'))
  .filter((q) => q.relevant.every((id) => inSlice.has(id)))
  .filter((_, i) => i % 2 === 0);
const seed = jsonl<{ query: string }>(path.join(SHARED, 'eval', 'seed-queries.jsonl'));
const corpus = [
  { id: 'sample', text: readFileSync(SAMPLE_PATH, 'utf8') },
  ...paragraphs.map((p) => ({ id: p.id, title: p.title, text: p.text, tags: [p.title] })),
];

async function search(svc: TestService, q: string, extra = '', limit = 10): Promise<SearchBody> {
  const res = await svc.app.request(`/search?q=${encodeURIComponent(q)}&limit=${limit}${extra}`);
  if (res.status !== 200) throw new Error(`search ${q}: ${res.status} ${await res.text()}`);
  return (await res.json()) as SearchBody;
}

/** nDCG@10 of one relevant document: 1 / log2(1 + its rank among the documents). */
async function ndcg(svc: TestService): Promise<number> {
  let sum = 0;
  for (const q of questions) {
    const ids = (await search(svc, q.query, '&groupBy=document')).hits.map((h) => h.documentId);
    const rank = ids.findIndex((id) => q.relevant.includes(id));
    sum += rank >= 0 ? 1 / Math.log2(rank + 2) : 0;
  }
  return sum / questions.length;
}

const nodes = await startShardNodes(['a', 'b', 'c']);
afterAll(() => nodes.stopAll());

describe('three Meilisearch shards behind one API, federated', () => {
  let one: TestService;
  let three: TestService;
  beforeAll(async () => {
    one = await startTestService();
    three = await startTestService({ MEILI_URL: '', MEILI_SHARDS: nodes.env() });
    await indexAllViaApi(one.app, { documents: corpus });
    await indexAllViaApi(three.app, { documents: corpus });
  });
  afterAll(async () => {
    await one?.close();
    await three?.close();
  });

  it('places each document on one shard, all its chunks with it, and spreads the corpus over the three', async () => {
    const index = three.config.INDEX_NAME;
    const held = await Promise.all(
      nodes.nodes.map(async (n) =>
        (
          await n
            .client()
            .index(index)
            .getDocuments({ fields: ['documentId'], limit: 10_000 })
        ).results.map((c) => c.documentId as string),
      ),
    );
    for (const [i, ids] of held.entries()) {
      expect(ids.length).toBeGreaterThan(corpus.length / 6);
      for (const id of ids) expect(homeShard(id, ['a', 'b', 'c'])).toBe(nodes.nodes[i].name);
    }
    expect(new Set(held.flat()).size).toBe(corpus.length);
  });

  it('gives the seed queries the same top 10, in the same order, as one node', async () => {
    for (const { query } of seed) {
      const [a, b] = [await search(one, query), await search(three, query)];
      expect(b.degraded).toEqual([]);
      expect(
        b.hits.map((h) => h.chunkId),
        query,
      ).toEqual(a.hits.map((h) => h.chunkId));
    }
  });

  it('counts the same facets as one node, merged over the shards', async () => {
    for (const query of ['日本', '年', '']) {
      const [a, b] = [
        await search(one, query, '&facets=tags&mode=keyword'),
        await search(three, query, '&facets=tags&mode=keyword'),
      ];
      expect(Object.keys(a.facetDistribution!.tags).length).toBeGreaterThanOrEqual(4);
      expect(b.facetDistribution, query).toEqual(a.facetDistribution);
    }
  });

  it('gives JSQuAD questions the same nDCG@10 within 0.002', async () => {
    const [a, b] = [await ndcg(one), await ndcg(three)];
    console.log(
      `JSQuAD slice (${paragraphs.length} paragraphs, ${questions.length} questions): nDCG@10 one node ${a.toFixed(4)}, three shards ${b.toFixed(4)}`,
    );
    expect(Math.abs(a - b)).toBeLessThanOrEqual(0.002);
  });

  it('answers from the other shards, saying which is down and why, when a shard is killed mid-search', async () => {
    const query = '日本';
    const before = await search(three, query, '&mode=keyword', 50);
    expect(before.hits.some((h) => homeShard(h.documentId, ['a', 'b', 'c']) === 'c')).toBe(true);
    const answers: SearchBody[] = [];
    let stop = false;
    const searching = (async () => {
      while (!stop) answers.push(await search(three, query, '&mode=keyword', 50));
    })();
    await waitFor('a whole answer before the kill', () => (answers.length > 0 ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 10,
    });
    await nodes.kill9('c');
    await waitFor(
      'a degraded answer after the kill',
      () => (answers.some((a) => a.degraded.length > 0) ? true : undefined),
      { timeoutMs: 30_000, intervalMs: 10 },
    );
    stop = true;
    await searching;
    expect(answers.some((a) => a.degraded.length === 0)).toBe(true);
    expect(answers.some((a) => a.degraded.length > 0)).toBe(true);
    const after = await search(three, query, '&mode=keyword', 50);
    expect(after.degraded).toEqual(['shard:c']);
    expect(after.warnings['shard:c']).toMatch(/remote/);
    expect(after.hits.length).toBeGreaterThan(0);
    expect(after.hits.filter((h) => homeShard(h.documentId, ['a', 'b', 'c']) === 'c')).toEqual([]);
    // The hits of the shards still up are all there.
    expect(after.hits.map((h) => h.chunkId)).toEqual(
      before.hits.filter((h) => homeShard(h.documentId, ['a', 'b', 'c']) !== 'c').map((h) => h.chunkId),
    );
    // Every answer was one or the other: whole, or degraded and saying so.
    for (const a of answers)
      expect(a.degraded.length === 0 ? a.hits.length : a.degraded).toEqual(
        a.degraded.length === 0 ? before.hits.length : ['shard:c'],
      );
    const health = await (await three.app.request('/health')).json();
    expect(health.status).toBe('degraded');
    expect(health.meilisearch.shards.map((x: { name: string; status: string }) => [x.name, x.status])).toEqual([
      ['a', 'available'],
      ['b', 'available'],
      ['c', 'unavailable'],
    ]);
  });

  it('keeps writes for the down shard in the task queue, and they go in when it is back', async () => {
    const docs = Array.from({ length: 12 }, (_, i) => ({
      id: `late-${i}`,
      text: `障害中に送られた文書${i}番。シャードが戻ってから索引される。`,
    }));
    expect(docs.filter((d) => homeShard(d.id, ['a', 'b', 'c']) === 'c').length).toBeGreaterThan(0);
    const res = await three.app.request('/documents', {
      method: 'POST',
      body: JSON.stringify({ documents: docs }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(202);
    const { taskId } = await res.json();
    // Kept, not failed: the queue ran it, met the down shard, left it for later and came back to it.
    await waitFor(
      'a second attempt at the task while shard c is down',
      async () => (((await three.core.taskStore.get(taskId))?.attempts ?? 0) >= 2 ? true : undefined),
      60_000,
    );
    const waiting = await (await three.app.request(`/tasks/${taskId}`)).json();
    expect(['enqueued', 'processing']).toContain(waiting.status);

    await nodes.restart('c');
    const task = await waitFor(
      'the task to finish once shard c is back',
      async () => {
        const t = (await (await three.app.request(`/tasks/${taskId}`)).json()) as {
          status: string;
          counts: Record<string, number>;
        };
        return t.status === 'succeeded' || t.status === 'failed' ? t : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 200 },
    );
    expect(task).toMatchObject({ status: 'succeeded', counts: { added: 12, failed: 0 } });
    for (const d of docs) expect((await three.app.request(`/documents/${d.id}`)).status).toBe(200);
    const found = await search(three, '障害中に送られた文書', '&mode=keyword&groupBy=document', 50);
    expect(found.degraded).toEqual([]);
    expect(
      found.hits
        .map((h) => h.documentId)
        .filter((id) => id.startsWith('late-'))
        .sort(),
    ).toEqual(docs.map((d) => d.id).sort());
    const onC = (
      await nodes
        .byName('c')
        .client()
        .index(three.config.INDEX_NAME)
        .getDocuments({
          filter: `documentId IN ["${docs.map((d) => d.id).join('","')}"]`,
          fields: ['documentId'],
          limit: 100,
        })
    ).results;
    expect(onC.map((c) => c.documentId).sort()).toEqual(
      docs
        .filter((d) => homeShard(d.id, ['a', 'b', 'c']) === 'c')
        .map((d) => d.id)
        .sort(),
    );
  });

  it('keeps answering through another node when the primary is down, saying so', async () => {
    const query = '日本';
    const before = await search(three, query, '&mode=keyword', 50);
    await nodes.kill9('a');
    try {
      // Past the synonyms' cache, so the search reads them while the primary is down: the cache's age is all there
      // is to wait for (nothing outside the store shows it expired).
      await sleep(SYNONYMS_TTL_MS + 100);
      const during = await search(three, query, '&mode=keyword', 50);
      expect(during.degraded).toEqual(['shard:a']);
      expect(during.hits.map((h) => h.chunkId)).toEqual(
        before.hits.filter((h) => homeShard(h.documentId, ['a', 'b', 'c']) !== 'a').map((h) => h.chunkId),
      );
      const health = await three.app.request('/health');
      expect(health.status).toBe(200);
      expect((await health.json()).status).toBe('degraded');
    } finally {
      await nodes.restart('a');
    }
    await waitFor(
      'the primary back in searches',
      async () => ((await search(three, query, '&mode=keyword', 50)).degraded.length === 0 ? true : undefined),
      30_000,
    );
  });

  it('re-embeds every chunk and deletes a document across the shards', async () => {
    const { store } = three.core;
    const count = await reembedAll({
      store,
      embedder: three.core.indexEmbedder!,
      embedderName: three.core.semantic.embedderName!,
    });
    expect(count).toBe(await store.countChunks());
    for (const n of nodes.nodes) {
      const held = await n
        .client()
        .index(three.config.INDEX_NAME)
        .getDocuments({ limit: 10_000, retrieveVectors: true, fields: ['_vectors', 'hasVector'] });
      expect(held.results.length).toBeGreaterThan(0);
      expect(held.results.every((c) => c.hasVector === true && JSON.stringify(c._vectors).includes('embeddings'))).toBe(
        true,
      );
    }

    const victim = paragraphs.find((p) => homeShard(p.id, ['a', 'b', 'c']) === 'b')!.id;
    const res = await three.app.request(`/documents/${victim}`, { method: 'DELETE' });
    expect(res.status).toBe(202);
    const { taskId } = await res.json();
    await waitFor('the delete', async () =>
      (await (await three.app.request(`/tasks/${taskId}`)).json()).status === 'succeeded' ? true : undefined,
    );
    expect((await three.app.request(`/documents/${victim}`)).status).toBe(404);
    const left = await nodes
      .byName('b')
      .client()
      .index(three.config.INDEX_NAME)
      .getDocuments({ filter: `documentId = "${victim}"`, limit: 10 });
    expect(left.results).toEqual([]);
    const listed = (await (await three.app.request('/documents?limit=1000')).json()) as {
      documents: { documentId: string }[];
      total: number;
    };
    expect(listed.total).toBe(corpus.length + 12 - 1);
    expect(listed.documents.map((d) => d.documentId)).not.toContain(victim);
  });
});

describe('resharding from two nodes to three', () => {
  const docs = Array.from({ length: 99 }, (_, i) => ({
    id: `move-${i}`,
    text: `再配置の確認用文書${i}番。どのシャードにあっても一度だけ見つかる。`,
  }));
  const base = testConfig();
  const env = (shards: string[]) => ({
    MEILI_URL: '',
    MEILI_SHARDS: nodes.env(shards),
    INDEX_NAME: base.INDEX_NAME,
    DATA_DIR: base.dataDir,
    DEMO_CORPUS: 'off',
    LOG_LEVEL: 'warn',
    RESHARD_BATCH: '2',
    SEARCH_WINDOW: '100',
  });
  const open = (shards: string[], embeddings = false) =>
    openCore({
      settings: resolveSettings(
        loadConfig({
          ...env(shards),
          EMBED_MODEL_DIR: base.EMBED_MODEL_DIR!,
          EMBED_DOWNLOAD: 'off',
          RATE_LIMIT_ANON_PER_MINUTE: '0',
        }),
      ),
      logger: createLogger('silent'),
      separateIndexer: false,
      embeddings,
    });
  /** Each chunk's vector as its shards hold it. */
  const vectors = async (names: string[]) => {
    const out = new Map<string, unknown>();
    for (const name of names) {
      const page = await nodes
        .byName(name)
        .client()
        .index(base.INDEX_NAME)
        .getDocuments({ limit: 1000, retrieveVectors: true, fields: ['id', '_vectors'] });
      for (const c of page.results) out.set(c.id as string, c._vectors);
    }
    return out;
  };
  let after: Core | null = null;
  afterAll(async () => {
    if (after) await dropAll(after.store);
    await after?.close();
  });

  it('moves about a third of the documents to the new node, resumes after kill -9, and searches find each document once throughout', async () => {
    const before = await open(['a', 'b'], true);
    const built = buildApp(before, { defaultMetrics: false });
    built.tasks.start();
    await indexAllViaApi(built.app, { documents: docs });
    await built.tasks.stop();
    await before.close();
    const vectorsBefore = await vectors(['a', 'b']);
    expect([...vectorsBefore.values()].every((v) => JSON.stringify(v).includes('embeddings'))).toBe(true);

    // The processes now serve three shards; until the reshard, the third holds nothing.
    after = await open(['a', 'b', 'c']);
    const app = buildApp(after, { defaultMetrics: false }).app;
    const expected = docs.map((d) => `${d.id}#0`).sort();
    let searches = 0;
    const wrong: string[] = [];
    let stop = false;
    const searching = (async () => {
      while (!stop) {
        const body = (await (
          await app.request(`/search?q=${encodeURIComponent('再配置の確認用文書')}&mode=keyword&limit=100`)
        ).json()) as SearchBody;
        const ids = body.hits.map((h) => h.chunkId).sort();
        if (JSON.stringify(ids) !== JSON.stringify(expected))
          wrong.push(`${ids.length} hits, ${new Set(ids).size} distinct`);
        searches++;
      }
    })();

    const toMove = docs.filter((d) => homeShard(d.id, ['a', 'b', 'c']) === 'c').length;
    // Deterministic for these ids (24 of 99); over 10,000 ids the share is 0.326.
    expect(toMove).toBeGreaterThan(docs.length / 5);
    expect(toMove).toBeLessThan(docs.length / 2.4);
    // Records, not chunks: an empty chunk index gets (and drops) a probe document at start.
    const onC = async () =>
      (
        await nodes
          .byName('c')
          .client()
          .index(`${base.INDEX_NAME}_documents`)
          .getDocuments({ fields: ['documentId'], limit: 1000 })
      ).results.length;

    // Killed once it has moved something, the reshard leaves the rest for the next run.
    const first = runCli(['reshard'], env(['a', 'b', 'c']));
    await waitFor('the first moves', async () => ((await onC()) > 0 ? true : undefined), 60_000);
    process.kill(first.pid!, 'SIGKILL');
    await finished(first);
    const movedBeforeKill = await onC();
    console.log(`reshard: ${toMove} to move, ${movedBeforeKill} moved when killed`);
    expect(movedBeforeKill).toBeLessThan(toMove);

    const second = await finished(runCli(['reshard', '--json'], env(['a', 'b', 'c'])));
    expect(second.code, second.stderr).toBe(0);
    const report = JSON.parse(second.stdout.trim().split('\n').pop()!);
    expect(report.status).toBe('succeeded');
    stop = true;
    await searching;

    expect(wrong).toEqual([]);
    console.log(`${searches} searches during the reshard; report ${JSON.stringify(report)}`);
    expect(searches).toBeGreaterThan(5);
    // Every document on exactly its home shard, chunk and record alike.
    for (const name of ['a', 'b', 'c']) {
      const client = nodes.byName(name).client();
      const chunks = (
        await client.index(base.INDEX_NAME).getDocuments({ fields: ['documentId'], limit: 1000 })
      ).results.map((c) => c.documentId as string);
      const kept = (
        await client.index(`${base.INDEX_NAME}_documents`).getDocuments({ fields: ['documentId', 'body'], limit: 1000 })
      ).results;
      const records = kept.map((c) => c.documentId as string);
      // Each record moved whole, with the text a rebuild cuts again.
      for (const r of kept)
        expect((r.body as { text?: string } | undefined)?.text, r.documentId as string).toBeTruthy();
      const home = docs
        .filter((d) => homeShard(d.id, ['a', 'b', 'c']) === name)
        .map((d) => d.id)
        .sort();
      expect(chunks.sort(), name).toEqual(home);
      expect(records.sort(), name).toEqual(home);
    }
    // Vectors moved with their chunks, unchanged as float32 (Meilisearch's JSON of them differs in the 17th digit).
    const f32 = (m: Map<string, unknown>) =>
      new Map(
        [...m].map(([id, v]) => [
          id,
          JSON.parse(JSON.stringify(v), (_, x) => (typeof x === 'number' ? Math.fround(x) : x)),
        ]),
      );
    expect(f32(await vectors(['a', 'b', 'c']))).toEqual(f32(vectorsBefore));
    const listed = (await (await app.request('/documents?limit=1000')).json()) as {
      documents: { documentId: string }[];
    };
    expect(listed.documents.map((d) => d.documentId).sort()).toEqual(docs.map((d) => d.id).sort());
  });

  it('refuses a reshard asked by a process configured with other shards, moving nothing', async () => {
    const queue = createCoreQueue(after!);
    queue.start();
    try {
      const asked = await queue.enqueue({ type: 'reshard', documentCount: 0, shards: ['a', 'b'] });
      const task = await followTask(queue, asked.id);
      expect(task.status).toBe('failed');
      expect(task.errors[0].message).toMatch(
        /asked for shards a, b, but this process has a, b, c: give every process the same MEILI_SHARDS/,
      );
    } finally {
      await queue.stop();
    }
    const onC = (
      await nodes
        .byName('c')
        .client()
        .index(base.INDEX_NAME)
        .getDocuments({ fields: ['documentId'], limit: 1000 })
    ).results;
    expect(onC.length).toBe(docs.filter((d) => homeShard(d.id, ['a', 'b', 'c']) === 'c').length);
  });
});

describe('two API processes over one set of shards', () => {
  const admin = { authorization: 'Bearer admin-secret', 'content-type': 'application/json' };
  const env = serverEnv({
    MEILI_URL: '',
    MEILI_SHARDS: nodes.env(),
    ADMIN_KEY: 'admin-secret',
    SEARCH_KEY: 'search-secret',
    RATE_LIMIT_PER_MINUTE: '0',
  });
  afterAll(async () => {
    killServers();
    const core = await openCore({
      settings: resolveSettings(loadConfig({ ...env, DEMO_CORPUS: 'off' })),
      logger: createLogger('silent'),
      separateIndexer: false,
      embeddings: false,
    });
    await dropAll(core.store);
    await core.close();
  });
  const call = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(url, { ...init, headers: { ...admin, ...(init.headers as Record<string, string>) } });
    return { status: res.status, body: await res.json() };
  };

  it('shares tasks, documents, keys and synonyms: any process answers any request, and each task runs once', async () => {
    const [one, two] = [
      await startServer({ ...env, DATA_DIR: `${env.DATA_DIR}-1` }),
      await startServer({ ...env, DATA_DIR: `${env.DATA_DIR}-2` }),
    ];
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const doc = { id: `both-${i}`, text: `二つの処理に共有される文書${i}番。シャードに分かれて置かれる。` };
      const posted = await call(`${(i % 2 ? two : one).base}/documents`, {
        method: 'POST',
        body: JSON.stringify({ documents: [doc] }),
      });
      expect(posted.status).toBe(202);
      ids.push(posted.body.taskId);
    }
    for (const [i, id] of ids.entries()) {
      const task = await waitFor(`task ${id}`, async () => {
        const { body } = await call(`${(i % 2 ? one : two).base}/tasks/${id}`);
        return body.status === 'succeeded' || body.status === 'failed' ? body : undefined;
      });
      expect(task).toMatchObject({ status: 'succeeded', counts: { added: 1 } });
    }
    expect(await tasksRunBy([one.base, two.base], 6, admin)).toBe(6);

    for (const server of [one, two]) {
      const found = await call(
        `${server.base}/search?q=${encodeURIComponent('共有される文書')}&limit=20&groupBy=document`,
        { headers: { authorization: 'Bearer search-secret' } },
      );
      expect(found.body.degraded).toEqual([]);
      expect(found.body.hits.map((h: { documentId: string }) => h.documentId).sort()).toEqual(
        Array.from({ length: 6 }, (_, i) => `both-${i}`),
      );
    }

    // A scoped key minted on one process works on the other.
    const minted = await call(`${one.base}/keys`, {
      method: 'POST',
      body: JSON.stringify({ description: 'widget', filter: 'documentId = "both-3"' }),
    });
    expect(minted.status).toBe(201);
    const scoped = await call(`${two.base}/search?q=${encodeURIComponent('共有される文書')}&limit=20`, {
      headers: { authorization: `Bearer ${minted.body.key}` },
    });
    expect(scoped.status).toBe(200);
    expect([...new Set(scoped.body.hits.map((h: { documentId: string }) => h.documentId))]).toEqual(['both-3']);

    // Synonyms written through one process apply on the other within its cache's few seconds.
    const unknown = await call(`${one.base}/search?q=${encodeURIComponent('共用')}&mode=keyword&limit=20`);
    expect(unknown.body.hits).toEqual([]);
    const put = await call(`${two.base}/synonyms`, {
      method: 'PUT',
      body: JSON.stringify({ oneWay: { 共用: ['共有'] } }),
    });
    expect(put.status).toBe(200);
    await waitFor(
      'the synonym on the other process',
      async () => {
        const { body } = await call(
          `${one.base}/search?q=${encodeURIComponent('共用')}&mode=keyword&limit=20&groupBy=document`,
        );
        return body.hits.length === 6 ? true : undefined;
      },
      10_000,
    );

    expect(await one.stop()).toBe(0);
    expect(await two.stop()).toBe(0);
  }, 600_000);
});
