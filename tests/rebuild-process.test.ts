import path from 'node:path';
import { Meilisearch } from 'meilisearch';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { StoredChunk } from '../domain/documents.ts';
import type { TaskRecord } from '../domain/tasks.ts';
import { chunkDocument } from '../indexer/chunker.ts';
import { chunkKey } from '../store/ids.ts';
import { loadParagraphs, toDocuments } from '../tools/lib/jsquad.ts';
import { waitFor } from './helpers/process.ts';
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

// Keyword-only (no model): the rebuild's cost is the readings, which READINGS=on adds to every chunk, and the new
// cut of every paragraph under a smaller CHUNK_MAX_CHARS.
const env = serverEnv({ FOLD: 'none', READINGS: 'off', EMBED_MODEL_DIR: path.join(inject('tmpRoot'), 'no-model') });
const meili = new Meilisearch({ host: inject('meiliUrl'), apiKey: inject('meiliKey') });
afterAll(async () => {
  killServers();
  await dropIndexes(env.INDEX_NAME);
});

/** Every chunk of the live index: id, and whether it has readings. */
async function allChunks(uid: string): Promise<{ id: string; reading?: string }[]> {
  const out: { id: string; reading?: string }[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await meili.index<StoredChunk>(uid).getDocuments({ limit: 1000, offset, fields: ['id', 'reading'] });
    out.push(...page.results);
    if (page.results.length < 1000) return out;
  }
}
const indexUids = async () => (await meili.getIndexes({ limit: 10_000 })).results.map((i) => i.uid);

describe('kill -9 of the server mid-rebuild', () => {
  it('resumes from its checkpoint after a restart and ends with every chunk present once, rewritten', async () => {
    const docs = toDocuments(loadParagraphs());
    let server: ServerProcess = await startServer(env, 'keyword');
    const indexed = await finishedTask(server.base, await postDocuments(server.base, docs), 600_000);
    expect(indexed).toMatchObject({ status: 'succeeded', counts: { failed: 0 } });
    const before = (await allChunks(env.INDEX_NAME)).map((c) => c.id).sort();
    expect(before.length).toBeGreaterThanOrEqual(docs.length);
    await server.stop();

    // The new settings: readings on, every fold, shorter chunks.
    const next = { ...env, READINGS: 'on', FOLD: 'all', CHUNK_MAX_CHARS: '200' };
    const cutAgain = docs.flatMap((d) => chunkDocument(d, { maxChars: 200 }).map((c) => chunkKey(d.id, c.ordinal)));
    expect(cutAgain.length).toBeGreaterThan(before.length);
    server = await startServer(next, 'keyword');
    const { status, body } = await getJson<{ taskId: string }>(`${server.base}/rebuild`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(status).toBe(202);
    // Killed once a checkpoint is stored and before the end.
    const stored = () =>
      meili.index<TaskRecord>(`${env.INDEX_NAME}_tasks`).getDocument(body.taskId) as Promise<TaskRecord>;
    const at = await waitFor(
      'a rebuild checkpoint',
      async () => {
        const t = await stored();
        return t.progress.documentsDone > 0 ? t.progress.documentsDone : undefined;
      },
      300_000,
    );
    await server.kill9();
    const cut = await stored();
    expect(cut.status).toBe('processing');
    expect(cut.progress.documentsDone).toBeLessThan(docs.length);
    expect(cut.progress.documentsDone).toBeGreaterThanOrEqual(at);
    expect(await indexUids()).toContain(`${env.INDEX_NAME}_next`);
    // The live index is untouched: no readings yet, searches answer from it.
    expect((await allChunks(env.INDEX_NAME)).some((c) => c.reading)).toBe(false);

    server = await startServer(next, 'keyword');
    const done = await finishedTask(server.base, body.taskId, 600_000);
    expect(done).toMatchObject({
      status: 'succeeded',
      progress: { documentsDone: docs.length, documentsTotal: docs.length },
    });
    expect((await stored()).attempts).toBe(2);
    const after = await allChunks(env.INDEX_NAME);
    // Every chunk of the new cut once: none lost at the kill, none written twice, none of the old cut left.
    expect(after.map((c) => c.id).sort()).toEqual(cutAgain.sort());
    expect(done.counts.chunks).toBe(cutAgain.length);
    expect(after.every((c) => typeof c.reading === 'string')).toBe(true);
    expect((await indexUids()).filter((u) => u.endsWith('_next'))).not.toContain(`${env.INDEX_NAME}_next`);
    // A kana query now finds what the readings index.
    const res = await getJson<{ hits: unknown[] }>(
      `${server.base}/search?mode=keyword&q=${encodeURIComponent('とうきょう')}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.hits.length).toBeGreaterThan(0);
    await server.stop();
  }, 1_500_000);
});
