import { afterAll, describe, expect, inject, it } from 'vitest';
import { Meilisearch } from 'meilisearch';
import { chunkDocument } from '../indexer/chunker.ts';
import type { SourceDocument } from '../domain/documents.ts';
import type { TaskRecord } from '../domain/tasks.ts';
import { readFileSync } from 'node:fs';
import { meiliPids, waitFor } from './helpers/process.ts';
import { SAMPLE_PATH } from './helpers/service.ts';
import {
  dropIndexes,
  finishedTask,
  getJson,
  killServers,
  postDocuments,
  serverEnv,
  startServer,
  type ServerProcess,
} from './helpers/server-process.ts';

const env = serverEnv();
const meili = new Meilisearch({ host: inject('meiliUrl'), apiKey: inject('meiliKey') });
afterAll(async () => {
  killServers();
  await dropIndexes(env.INDEX_NAME);
});

const PLACES = ['札幌', '仙台', '金沢', '名古屋', '京都', '神戸', '広島', '松山', '福岡', '那覇'];
const THINGS = ['港湾', '鉄道', '庭園', '城郭', '市場', '大学', '美術館', '温泉', '灯台', '橋梁'];

/** Documents of several chunks each, every paragraph distinct: enough embedding to stop the server mid-task. */
function batch(name: string, count: number): SourceDocument[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${name}-${i}`,
    title: `${name}の記録${i}`,
    text: Array.from({ length: 5 }, (_, p) => {
      const place = PLACES[(i + p) % PLACES.length];
      const thing = THINGS[(i * 3 + p) % THINGS.length];
      return `第${p + 1}節では${place}の${thing}について${name}記録${i}番として述べる。${place}は古くから${thing}で知られ、多くの人々が訪れてきた。その歴史と現在の姿を、地元の資料と聞き取りに基づいて詳しく説明する。`.repeat(
        2,
      );
    }).join('\n\n'),
  }));
}

const chunkCount = (doc: SourceDocument) => chunkDocument(doc, { maxChars: 400 }).length;

/** Meilisearch's own view, outside kensaku: the task record and the chunks of a document. */
const storedTask = (id: string) =>
  meili.index<TaskRecord>(`${env.INDEX_NAME}_tasks`).getDocument(id) as Promise<TaskRecord>;
async function storedOrdinals(documentId: string): Promise<number[]> {
  const res = await meili
    .index(env.INDEX_NAME)
    .getDocuments({ filter: `documentId = ${JSON.stringify(documentId)}`, limit: 1000, fields: ['ordinal'] });
  return res.results.map((c) => c.ordinal as number).sort((a, b) => a - b);
}

async function expectIndexedOnce(server: ServerProcess, docs: SourceDocument[]): Promise<void> {
  for (const doc of docs) {
    const n = chunkCount(doc);
    // Exactly the chunks a clean index has: no duplicate, no stale ordinal left behind.
    expect(await storedOrdinals(doc.id)).toEqual(Array.from({ length: n }, (_, i) => i));
    const info = await getJson(`${server.base}/documents/${encodeURIComponent(doc.id)}`);
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ chunkCount: n, vectorsComplete: true });
  }
  const probe = docs[docs.length - 1];
  const res = await getJson(
    `${server.base}/search?mode=keyword&limit=50&filter=${encodeURIComponent(`documentId = "${probe.id}"`)}&q=${encodeURIComponent('記録')}`,
  );
  expect(new Set(res.body.hits.map((h: { chunkId: string }) => h.chunkId)).size).toBe(res.body.hits.length);
  expect(res.body.hits.length).toBe(chunkCount(probe));
}

describe('kill -9 of the API during a bulk index', () => {
  it('loses nothing acknowledged: right after the 202, mid-embedding and mid-write, a restart finishes each task exactly once', async () => {
    const a = batch('甲', 12);
    const b = batch('乙', 30);
    // Five chunks a document: 60 make more than the 256 chunks that go out in a first write while the rest embed.
    const c = batch('丙', 60);

    // 1. Killed right after the 202: the task has not begun.
    let server = await startServer(env);
    const taskA = await postDocuments(server.base, a);
    await server.kill9();
    expect((await storedTask(taskA)).status).toBe('enqueued');
    server = await startServer(env);
    expect(await finishedTask(server.base, taskA)).toMatchObject({
      status: 'succeeded',
      counts: { documents: 12, added: 12, failed: 0 },
    });

    // 2. Killed mid-embedding: some documents of the task are done, not all.
    const taskB = await postDocuments(server.base, b);
    await waitFor('task B part-way', async () => {
      const { body } = await getJson(`${server.base}/tasks/${taskB}`);
      return body.status === 'processing' && body.progress.documentsDone >= 3 ? true : undefined;
    });
    await server.kill9();
    expect((await storedTask(taskB)).status).toBe('processing');
    server = await startServer(env);
    const doneB = await finishedTask(server.base, taskB);
    expect(doneB).toMatchObject({ status: 'succeeded', counts: { documents: 30, failed: 0 } });
    expect(doneB.counts.added + doneB.counts.unchanged).toBe(30);

    // 3. Killed mid-write: chunks of the task have reached Meilisearch, its document records have not all.
    const taskC = await postDocuments(server.base, c);
    for (const until = Date.now() + 180_000; (await storedOrdinals(c[0].id)).length === 0; ) {
      if (Date.now() > until) throw new Error('no chunk of task C reached Meilisearch');
      await new Promise((r) => setTimeout(r, 10));
    }
    await server.kill9();
    const atKill = await storedTask(taskC);
    expect(atKill.status).toBe('processing');
    server = await startServer(env);
    expect(await finishedTask(server.base, taskC)).toMatchObject({
      status: 'succeeded',
      counts: { documents: 60, failed: 0 },
    });
    expect((await storedTask(taskC)).attempts).toBe(2);

    await expectIndexedOnce(server, [...a, ...b, ...c]);
    const listed = await getJson(`${server.base}/documents?limit=1000`);
    expect(listed.body.total).toBe(102);
    // The tasks' answers survive the restarts too.
    for (const id of [taskA, taskB, taskC])
      expect((await getJson(`${server.base}/tasks/${id}`)).body.status).toBe('succeeded');
    expect(await server.stop()).toBe(0);
  }, 900_000);
});

describe('kill -9 of the embedded Meilisearch', () => {
  it('while idle and mid-index: the service heals itself, the task finishes, nothing is lost and the first hits are the same', async () => {
    // No MEILI_URL: kensaku starts, owns and supervises its Meilisearch in DATA_DIR.
    const own: Record<string, string> = { ...serverEnv(), MEILI_URL: '', MEILI_MASTER_KEY: '' };
    const server = await startServer(own);
    await finishedTask(
      server.base,
      await postDocuments(server.base, [{ id: 'sample', text: readFileSync(SAMPLE_PATH, 'utf8') }]),
    );
    const first = async () => {
      const out: Record<string, unknown> = {};
      for (const mode of ['keyword', 'hybrid']) {
        const { body } = await getJson(`${server.base}/search?mode=${mode}&q=${encodeURIComponent('普天間')}`);
        out[mode] = { chunkId: body.hits[0].chunkId, keyword: body.hits[0].explain.keyword?.score };
      }
      return out;
    };
    const before = await first();
    const healthy = () =>
      waitFor(
        'kensaku healthy again',
        async () => ((await fetch(`${server.base}/health`)).ok ? true : undefined),
        10_000,
      );

    const [idlePid] = meiliPids(own.DATA_DIR);
    process.kill(idlePid, 'SIGKILL');
    await healthy();
    expect(await first()).toEqual(before);

    const docs = batch('丁', 30);
    const taskId = await postDocuments(server.base, docs);
    await waitFor('the task to run', async () =>
      (await getJson(`${server.base}/tasks/${taskId}`)).body.status === 'processing' ? true : undefined,
    );
    const [busyPid] = meiliPids(own.DATA_DIR);
    process.kill(busyPid, 'SIGKILL');
    await healthy();
    expect(meiliPids(own.DATA_DIR)).not.toContain(busyPid);
    expect(await finishedTask(server.base, taskId)).toMatchObject({
      status: 'succeeded',
      counts: { documents: 30, failed: 0 },
    });
    for (const doc of docs) {
      const { body } = await getJson(
        `${server.base}/search?mode=keyword&limit=50&filter=${encodeURIComponent(`documentId = "${doc.id}"`)}&q=${encodeURIComponent('記録')}`,
      );
      expect(body.hits.map((h: { chunkId: string }) => h.chunkId).sort()).toEqual(
        Array.from({ length: chunkCount(doc) }, (_, i) => `${doc.id}#${i}`).sort(),
      );
    }
    expect(await first()).toEqual(before);
    const metrics = await (await fetch(`${server.base}/metrics`)).text();
    expect(metrics).toMatch(/^kensaku_meilisearch_restarts_total 2$/m);
    expect(await server.stop()).toBe(0);
    expect(meiliPids(own.DATA_DIR)).toEqual([]);
  }, 600_000);
});
