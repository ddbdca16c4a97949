import { afterAll, describe, expect, inject, it } from 'vitest';
import { Meilisearch } from 'meilisearch';
import { waitFor } from './helpers/process.ts';
import {
  dropIndexes,
  finishedTask,
  getJson,
  killServers,
  postDocuments,
  serverEnv,
  startServer,
  tasksRun,
  tasksRunBy,
} from './helpers/server-process.ts';

const env = serverEnv();
const meili = new Meilisearch({ host: inject('meiliUrl'), apiKey: inject('meiliKey') });
afterAll(async () => {
  killServers();
  await dropIndexes(env.INDEX_NAME);
});

const doc = (i: number) => ({
  id: `shared-${i}`,
  text: `共有キューの確認用文書${i}番は、二つのAPIプロセスのどちらに送られても一度だけ索引される。`,
});

describe('two API processes on one Meilisearch, sharing the durable task queue', () => {
  it('runs each task once, whichever process it was posted to, and the other takes over when the runner is killed', async () => {
    const one = await startServer({ ...env, DATA_DIR: `${env.DATA_DIR}-1` });
    const two = await startServer({ ...env, DATA_DIR: `${env.DATA_DIR}-2` });
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(await postDocuments(i % 2 ? two.base : one.base, [doc(i)]));
    for (const [i, id] of ids.entries()) {
      // Either process answers for any task.
      const task = await finishedTask(i % 2 ? one.base : two.base, id);
      expect(task).toMatchObject({ status: 'succeeded', counts: { added: 1 } });
    }
    expect(await tasksRunBy([one.base, two.base], 8)).toBe(8);
    const runs = [await tasksRun(one.base), await tasksRun(two.base)];

    // Kill whichever holds the queue; the survivor finishes what was posted to the dead one, once.
    const [runner, survivor] = runs[0] > 0 ? [one, two] : [two, one];
    const late = await postDocuments(runner.base, [doc(8), doc(9)]);
    await runner.kill9();
    expect(await finishedTask(survivor.base, late)).toMatchObject({ status: 'succeeded' });
    await waitFor(
      'the survivor to count the task',
      async () => ((await tasksRun(survivor.base)) > (survivor === one ? runs[0] : runs[1]) ? true : undefined),
      30_000,
    );

    const listed = await getJson(`${survivor.base}/documents?limit=100`);
    expect(listed.body.documents.map((d: { documentId: string }) => d.documentId).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `shared-${i}`).sort(),
    );
    for (let i = 0; i < 10; i++) {
      const chunks = await meili
        .index(env.INDEX_NAME)
        .getDocuments({ filter: `documentId = "shared-${i}"`, limit: 10 });
      expect(chunks.results).toHaveLength(1);
    }
    expect(await survivor.stop()).toBe(0);
  }, 600_000);
});
