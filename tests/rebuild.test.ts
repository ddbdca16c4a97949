import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexAllViaApi, joinTestService, startTestService, type TestService } from './helpers/service.ts';
import { waitFor } from './helpers/wait.ts';
import { meiliClient } from '../store/meili-client.ts';

// Indexed with FOLD=none, then rebuilt by a second process on the same index with FOLD=all (itaiji: 髙 → 高).
let svc: TestService;
let next: TestService;

const ADMIN = 'admin-key-rebuild-test-0123456789abcdef';
const admin = { authorization: `Bearer ${ADMIN}` };
const VARIANT = 30;
// Variant documents spread through the corpus, so a rewrite in place would show a part of them for a while.
const docs = Array.from({ length: VARIANT * 21 }, (_, i) =>
  i % 21 === 0
    ? { id: `v${i / 21}`, text: `髙橋さんは会社で第${i}号の書類を作った。` }
    : { id: `f${i}`, text: `駅前の天気は晴れで、第${i}便の船が出る。` },
);
const variantIds = docs.filter((d) => d.id.startsWith('v')).map((d) => d.id);
type Found = { hits: { documentId: string }[] };
const search = async (app: TestService['app'], q: string) => {
  const res = await app.request(`/search?${new URLSearchParams({ q, mode: 'keyword', limit: '50' })}`, {
    headers: admin,
  });
  return {
    status: res.status,
    ids: res.status === 200 ? ((await res.json()) as Found).hits.map((h) => h.documentId) : [],
  };
};
const task = async (app: TestService['app'], id: string) =>
  (await (await app.request(`/tasks/${id}`, { headers: admin })).json()) as {
    status: string;
    progress: { documentsDone: number; documentsTotal: number };
    counts: { documents: number; chunks: number };
    errors: unknown[];
  };

beforeAll(async () => {
  svc = await startTestService({ ADMIN_KEY: ADMIN, FOLD: 'none', SYNONYMS_DEFAULT: 'none' }, { embeddings: false });
  await indexAllViaApi(svc.app, { documents: docs }, admin);
  // Only the second process runs tasks from here on.
  await svc.built.tasks.stop();
  next = await joinTestService(
    { ADMIN_KEY: ADMIN, INDEX_NAME: svc.config.INDEX_NAME, FOLD: 'all', SYNONYMS_DEFAULT: 'none' },
    { embeddings: false },
  );
}, 120_000);
afterAll(async () => {
  await next?.close();
  await svc?.close();
});

describe('POST /rebuild', () => {
  it('is for the admin, and refuses a body it does not know', async () => {
    const app = next.built.app;
    expect((await app.request('/rebuild', { method: 'POST' })).status).toBe(401);
    const bad = await app.request('/rebuild', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ embedings: true }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_request');
  });

  it('swaps in an index with the new fold while searches keep answering all-old or all-new, and keeps writes made meanwhile', async () => {
    const app = next.built.app;
    // Before: the folded query 高橋 finds nothing in the unfolded index; 会社 finds the same documents either way.
    expect((await search(app, '高橋')).ids).toEqual([]);
    expect((await search(app, '会社')).ids).toHaveLength(VARIANT);

    const res = await app.request('/rebuild', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(202);
    const { taskId } = (await res.json()) as { taskId: string };
    // A write during the rebuild is acknowledged, waits its turn and lands in the new index.
    const late = await app.request('/documents', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ documents: [{ id: 'late', text: '髙橋さんは会社に遅れて着いた。' }] }),
    });
    expect(late.status).toBe(202);

    const seen = { old: 0, new: 0, during: 0 };
    let progressed = false;
    for (;;) {
      const state = await task(app, taskId);
      if (state.progress.documentsDone > 0 && state.status === 'processing') progressed = true;
      const [folded, both] = await Promise.all([search(app, '高橋'), search(app, '会社')]);
      expect(folded.status).toBe(200);
      expect(both.status).toBe(200);
      // All old (nothing) or all new (every variant document), never part of them.
      expect([0, VARIANT, VARIANT + 1]).toContain(folded.ids.length);
      expect([VARIANT, VARIANT + 1]).toContain(both.ids.length);
      if (folded.ids.length === 0) seen.old++;
      else seen.new++;
      if (state.status === 'processing') seen.during++;
      if (state.status === 'succeeded' || state.status === 'failed') break;
    }
    const done = await task(app, taskId);
    expect(done.status).toBe('succeeded');
    expect(done.progress).toEqual({ documentsDone: docs.length, documentsTotal: docs.length });
    expect(done.counts.chunks).toBe(docs.length);
    expect(seen.during).toBeGreaterThan(0);
    expect(progressed).toBe(true);

    await waitFor('the late document', async () => ((await search(app, '遅れて')).ids.length === 1 ? true : undefined));
    const after = await search(app, '高橋');
    expect(after.ids.sort()).toEqual([...variantIds, 'late'].sort());
    // Nothing left beside the live index.
    const client = meiliClient({ url: svc.config.MEILI_URL!, apiKey: svc.config.MEILI_MASTER_KEY, timeoutMs: 5000 });
    const uids = (await client.getIndexes({ limit: 1000 })).results.map((i) => i.uid);
    expect(uids.filter((u) => u.startsWith(`${svc.config.INDEX_NAME}_`) && u.endsWith('_next'))).toEqual([]);
  }, 300_000);

  it('keeps documents unchanged afterwards: indexing them again under the new fold writes nothing', async () => {
    const res = await indexAllViaApi(next.built.app, { documents: docs.slice(0, 42) }, admin);
    expect((res as unknown as { counts: { unchanged: number } }).counts.unchanged).toBe(42);
  }, 120_000);
});
