import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredChunk } from '../domain/documents.ts';
import { embeddingText } from '../indexer/embedding-text.ts';
import { indexAllViaApi, startTestService, type TestService } from './helpers/service.ts';
import { waitFor } from './helpers/wait.ts';

// The real model: a rebuild with embeddings replaces every stored vector with the current model's.
let svc: TestService;
const ADMIN = 'admin-key-rebuild-embeddings-0123456789';
const admin = { authorization: `Bearer ${ADMIN}` };
const docs = [
  { id: 'ferry', text: '港のフェリーは毎朝七時に出航する。運賃は片道千円である。' },
  { id: 'bus', text: '駅前のバスは毎朝七時半に出発する。終点は市役所前である。' },
  { id: 'castle', text: '城の天守閣は江戸時代に再建された。石垣は当時のまま残る。' },
];

type Vectors = Record<string, { embeddings: number[][] } | number[] | null>;
const vectorOf = (c: StoredChunk, name: string): number[] => {
  const v = (c._vectors as unknown as Vectors)[name];
  return Array.isArray(v) ? v : v!.embeddings[0];
};
const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);

beforeAll(async () => {
  svc = await startTestService({ ADMIN_KEY: ADMIN });
  await svc.core.ready;
  await indexAllViaApi(svc.app, { documents: docs }, admin);
}, 180_000);
afterAll(async () => {
  await svc?.close();
});

describe('POST /rebuild {"embeddings": true}', () => {
  it("replaces stale vectors with the current model's, one per chunk", async () => {
    const name = svc.core.semantic.embedderName!;
    const store = svc.core.store;
    const { chunks } = await store.pageChunks(undefined, 100, 0, true);
    const dims = vectorOf(chunks[0], name).length;
    // Vectors another model could have left: one direction for every chunk.
    const stale = Array.from({ length: dims }, (_, i) => (i === 0 ? 1 : 0));
    await store.writeChunks(chunks.map((c) => ({ ...c, _vectors: { [name]: stale } })));

    const res = await svc.app.request('/rebuild', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ embeddings: true }),
    });
    expect(res.status).toBe(202);
    const { taskId } = (await res.json()) as { taskId: string };
    const task = await waitFor(
      'the rebuild',
      async () => {
        const t = (await (await svc.app.request(`/tasks/${taskId}`, { headers: admin })).json()) as {
          status: string;
          embeddings?: boolean;
          counts: { chunks: number };
        };
        return t.status === 'succeeded' || t.status === 'failed' ? t : undefined;
      },
      { timeoutMs: 120_000 },
    );
    expect(task).toMatchObject({ status: 'succeeded', embeddings: true, counts: { chunks: chunks.length } });

    const after = (await store.pageChunks(undefined, 100, 0, true)).chunks;
    expect(after).toHaveLength(chunks.length);
    for (const c of after) {
      const [expected] = await svc.core.indexEmbedder!.embedPassages([embeddingText({ ...c, text: c.originalText })]);
      expect(cosine(vectorOf(c, name), expected)).toBeGreaterThan(0.999);
      expect(c.hasVector).toBe(true);
    }
  }, 180_000);
});
