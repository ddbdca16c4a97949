import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskRecord } from '../domain/tasks.ts';
import { chunkDocument } from '../indexer/chunker.ts';
import { indexAllViaApi, joinTestService, startTestService, type TestService } from './helpers/service.ts';
import { startShardNodes } from './helpers/shard-nodes.ts';
import { waitFor } from './helpers/wait.ts';

// Two real Meilisearch nodes: indexed with FOLD=none, rebuilt by a second service with FOLD=all (髙 → 高) and
// CHUNK_MAX_CHARS=50, which cuts the variant documents in two.
const nodes = await startShardNodes(['a', 'b']);
let svc: TestService;
let next: TestService;
const ADMIN = 'admin-key-rebuild-shards-0123456789abcdef';
const admin = { authorization: `Bearer ${ADMIN}` };
const docs = Array.from({ length: 630 }, (_, i) =>
  i % 21 === 0
    ? {
        id: `v${i / 21}`,
        text: `髙橋さんは会社で第${i}号の書類を作った。書類は翌朝に本社へ送られた。確認の済んだ書類は倉庫の棚に年度ごとに並べて保管される。`,
      }
    : { id: `f${i}`, text: `駅前の天気は晴れで、第${i}便の船が出る。` },
);
const variants = docs.filter((d) => d.id.startsWith('v')).length;
const cutAgain = docs.reduce((n, d) => n + chunkDocument({ ...d, title: '' }, { maxChars: 50 }).length, 0);

/** What a node's live index finds for the folded 高橋, asked directly (Meilisearch itself does not fold 髙). */
const foundOn = async (name: string) =>
  (await nodes.byName(name).client().index(svc.config.INDEX_NAME).search('高橋', { limit: 100 })).hits.length;
const indexesOn = async (name: string) =>
  (await nodes.byName(name).client().getIndexes({ limit: 1000 })).results.map((i) => i.uid);

beforeAll(async () => {
  const shards = { MEILI_URL: '', MEILI_SHARDS: nodes.env(), ADMIN_KEY: ADMIN, SYNONYMS_DEFAULT: 'none' };
  svc = await startTestService({ ...shards, FOLD: 'none' }, { embeddings: false });
  await indexAllViaApi(svc.app, { documents: docs }, admin);
  await svc.built.tasks.stop();
  next = await joinTestService(
    { ...shards, INDEX_NAME: svc.config.INDEX_NAME, FOLD: 'all', CHUNK_MAX_CHARS: '50' },
    { embeddings: false },
  );
}, 180_000);
afterAll(async () => {
  await next?.close();
  await svc?.close();
  await nodes.stopAll();
});

describe('POST /rebuild on shards', () => {
  it('builds every node before swapping any: a node killed mid-build leaves both on the old index, and a restart finishes it', async () => {
    expect((await foundOn('a')) + (await foundOn('b'))).toBe(0);
    const res = await next.built.app.request('/rebuild', { method: 'POST', headers: admin });
    expect(res.status).toBe(202);
    const { taskId } = (await res.json()) as { taskId: string };
    const stored = () => next.core.taskStore.get(taskId) as Promise<TaskRecord>;
    await waitFor('a first checkpoint', async () => ((await stored()).progress.documentsDone > 0 ? true : undefined), {
      intervalMs: 20,
    });
    await nodes.kill9('b');
    // The task cannot finish without b: it waits (left for later), and node a keeps its old index, its next beside it.
    await new Promise((r) => setTimeout(r, 3000));
    expect((await stored()).status).not.toBe('succeeded');
    expect(await foundOn('a')).toBe(0);
    expect(await indexesOn('a')).toContain(`${svc.config.INDEX_NAME}_next`);

    await nodes.restart('b');
    const done = await waitFor(
      'the rebuild to finish',
      async () => {
        const t = await stored();
        return t.status === 'succeeded' || t.status === 'failed' ? t : undefined;
      },
      { timeoutMs: 300_000, intervalMs: 200 },
    );
    expect(done.status).toBe('succeeded');
    expect(done.progress).toEqual({ documentsDone: docs.length, documentsTotal: docs.length });
    expect(cutAgain).toBeGreaterThanOrEqual(docs.length + variants);
    expect(done.counts.chunks).toBe(cutAgain);
    // Every node swapped: the variants are found on the nodes that hold them, and nothing is left beside.
    expect((await foundOn('a')) + (await foundOn('b'))).toBe(variants);
    for (const name of ['a', 'b'])
      expect((await indexesOn(name)).filter((u) => u.endsWith('_next') || u.endsWith('_documents_next'))).toEqual([]);
    const search = await next.built.app.request(`/search?q=${encodeURIComponent('高橋')}&mode=keyword&limit=50`, {
      headers: admin,
    });
    expect(search.status).toBe(200);
    expect(((await search.json()) as { hits: unknown[] }).hits).toHaveLength(variants);
  }, 600_000);
});
