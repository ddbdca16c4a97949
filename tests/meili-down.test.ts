import { mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { findMeiliBinary } from '../store/meili-binary.ts';
import { startMeilisearch, type MeiliProcess } from '../store/meili-process.ts';
import { indexViaApi, SAMPLE_PATH, startTestService, type TestService } from './helpers/service.ts';

// Its own fresh Meilisearch: the test freezes it with SIGSTOP, which must not stall other files' searches.
let meili: MeiliProcess;
let svc: TestService;

beforeAll(async () => {
  const dataDir = mkdtempSync(path.join(inject('tmpRoot'), 'meili-down-'));
  meili = await startMeilisearch({ binary: (await findMeiliBinary({ dataDir })).path, dataDir });
}, 60_000);

afterAll(async () => {
  if (meili) process.kill(meili.pid, 'SIGCONT');
  await svc?.close();
  await meili?.stop();
});

const get = async (url: string) => {
  const res = await svc.app.request(url);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

describe('a 1.5 s request timeout towards Meilisearch', () => {
  it('still lets the service start on a fresh Meilisearch and index: its first Japanese query and tasks wait longer', async () => {
    svc = await startTestService({ MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey, MEILI_TIMEOUT_MS: '1500' });
    const task = await indexViaApi(svc.app, { documents: [{ id: 'sample', text: readFileSync(SAMPLE_PATH, 'utf8') }] });
    expect(task.status).toBe('succeeded');
    expect((await get('/health')).body.status).toBe('ok');
  });

  it('when Meilisearch stops answering, search and /health say so with 503, and everything indexed is back once it answers', async () => {
    process.kill(meili.pid, 'SIGSTOP');
    try {
      for (const mode of ['hybrid', 'keyword']) {
        const { status, body } = await get(`/search?q=${encodeURIComponent('普天間')}&mode=${mode}`);
        expect(status).toBe(503);
        expect(body.error.code).toBe('meilisearch_unavailable');
        expect(body.error.message).toMatch(/Meilisearch/);
      }
      // Reads by id and writes say so too: a 404 would tell a client its document is gone, a 202 that a write is safe.
      for (const url of ['/documents/sample', '/tasks/some-task']) {
        const { status, body } = await get(url);
        expect([status, body.error.code]).toEqual([503, 'meilisearch_unavailable']);
      }
      const post = await svc.app.request('/documents', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ id: 'late', text: '止まっている間の書き込み。' }),
      });
      expect([post.status, ((await post.json()) as any).error.code]).toEqual([503, 'meilisearch_unavailable']);
      const health = await get('/health');
      expect(health.status).toBe(503);
      expect(health.body.status).toBe('unavailable');
      expect(health.body.meilisearch.status).toBe('unavailable');
      expect(health.body.embeddings.status).toBe('available');
    } finally {
      process.kill(meili.pid, 'SIGCONT');
    }
    const { status, body } = await get(`/search?q=${encodeURIComponent('普天間')}&mode=keyword`);
    expect(status).toBe(200);
    expect(body.hits[0].text).toContain('普天間問題に関し');
    expect((await get('/health')).body.status).toBe('ok');
  });
});
