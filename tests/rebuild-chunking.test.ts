import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredChunk } from '../domain/documents.ts';
import type { Core } from '../service/open-core.ts';
import { embeddingText } from '../indexer/embedding-text.ts';
import { indexAllViaApi, joinTestService, startTestService, type TestService } from './helpers/service.ts';
import { waitFor } from './helpers/wait.ts';

// Indexed with CHUNK_MAX_CHARS=400, then rebuilt by a second process on the same index with CHUNK_MAX_CHARS=120:
// the documents are cut again from the text their records keep, with the real model for the new chunks' vectors.
let svc: TestService;
let next: TestService;

const ADMIN = 'admin-key-rebuild-chunking-0123456789ab';
const admin = { authorization: `Bearer ${ADMIN}` };
const sentence = (topic: string, i: number) =>
  `${topic}の設定は第${i}項で説明するとおり、起動時に一度だけ読み込まれる。`;
const section = (topic: string) => Array.from({ length: 6 }, (_, i) => sentence(topic, i + 1)).join('');
const guide = [
  '# 設定ガイド',
  '',
  '## サーバー',
  '',
  section('サーバー'),
  '',
  '## ビルド',
  '',
  section('ビルド'),
  '',
].join('\n');
const file = (filename: string, text: string) => ({
  id: filename.replace(/\.md$/, ''),
  filename,
  contentBase64: Buffer.from(text).toString('base64'),
});
const documents = [
  file('guide.md', guide),
  // One short paragraph: the same chunk under either limit, so its vector is kept.
  { id: 'note', text: '港のフェリーは毎朝七時に出航する。' },
  // Its record loses its kept text below, as a record written before kensaku kept it.
  { id: 'legacy', text: section('キャッシュ') },
];

type Vectors = Record<string, { embeddings: number[][] } | number[] | null>;
const vectorOf = (c: StoredChunk, name: string): number[] => {
  const v = (c._vectors as unknown as Vectors)[name];
  return Array.isArray(v) ? v : v!.embeddings[0];
};
const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
const chunksOf = async (core: Core) =>
  (await core.store.pageChunks(undefined, 1000, 0, true)).chunks.sort((a, b) => a.id.localeCompare(b.id));

let before: StoredChunk[];

beforeAll(async () => {
  svc = await startTestService({ ADMIN_KEY: ADMIN, CHUNK_MAX_CHARS: '400' });
  await svc.core.ready;
  await indexAllViaApi(svc.app, { documents }, admin);
  await svc.built.tasks.stop();
  const [legacy] = await svc.core.store.getDocumentsByIds(['legacy']);
  const { body: _body, ...withoutBody } = legacy;
  await svc.core.store.putDocuments([withoutBody]);
  before = await chunksOf(svc.core);

  next = await joinTestService({ ADMIN_KEY: ADMIN, INDEX_NAME: svc.config.INDEX_NAME, CHUNK_MAX_CHARS: '120' });
}, 240_000);
afterAll(async () => {
  await next?.close();
  await svc?.close();
});

describe('rebuild after a chunking change', () => {
  it('cuts every document with kept text again, keeping vectors of unchanged chunks and embedding the new ones', async () => {
    const app = next.built.app;
    const guideBefore = before.filter((c) => c.documentId === 'guide');
    expect(guideBefore.some((c) => c.originalText.length > 120)).toBe(true);

    const res = await app.request('/rebuild', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(202);
    const { taskId } = (await res.json()) as { taskId: string };
    const statuses = new Set<number>();
    const task = await waitFor(
      'the rebuild',
      async () => {
        const search = await app.request('/search?q=ビルドの設定&mode=hybrid', { headers: admin });
        statuses.add(search.status);
        const t = (await (await app.request(`/tasks/${taskId}`, { headers: admin })).json()) as {
          status: string;
          counts: { chunks: number; kept?: number };
        };
        return t.status === 'succeeded' || t.status === 'failed' ? t : undefined;
      },
      { timeoutMs: 180_000 },
    );
    expect(task.status).toBe('succeeded');
    expect([...statuses]).toEqual([200]);
    // The record without kept text is counted, not cut again.
    expect(task.counts.kept).toBe(1);

    const after = await chunksOf(next.core);
    expect(task.counts.chunks).toBe(after.length);
    const guideAfter = after.filter((c) => c.documentId === 'guide');
    expect(guideAfter.length).toBeGreaterThan(guideBefore.length);
    for (const c of guideAfter) expect(c.originalText.length).toBeLessThanOrEqual(120);
    // Headings and anchors survive the new cut.
    expect(new Set(guideAfter.map((c) => c.headingPath.at(-1)))).toEqual(new Set(['サーバー', 'ビルド']));
    expect(guideAfter.every((c) => c.anchor)).toBe(true);
    // The legacy document keeps the chunks it had.
    const legacy = (cs: StoredChunk[]) =>
      cs.filter((c) => c.documentId === 'legacy').map((c) => [c.id, c.originalText]);
    expect(legacy(after)).toEqual(legacy(before));

    const name = next.core.semantic.embedderName!;
    const oldByText = new Map(before.map((c) => [embeddingText({ ...c, text: c.originalText }), c]));
    let reused = 0;
    let embedded = 0;
    for (const c of after) {
      expect(c.hasVector).toBe(true);
      const text = embeddingText({ ...c, text: c.originalText });
      const old = oldByText.get(text);
      if (old) {
        reused++;
        expect(vectorOf(c, name)).toEqual(vectorOf(old, name));
      } else {
        embedded++;
        const [expected] = await next.core.indexEmbedder!.embedPassages([text]);
        expect(cosine(vectorOf(c, name), expected)).toBeGreaterThan(0.999);
      }
    }
    expect(reused).toBeGreaterThan(0);
    expect(embedded).toBeGreaterThan(0);

    // A search now shows the shorter chunk.
    const found = (await (
      await app.request('/search?q=ビルドの設定は第5項&mode=keyword', { headers: admin })
    ).json()) as {
      hits: { documentId: string; text: string }[];
    };
    expect(found.hits[0].documentId).toBe('guide');
    expect(found.hits[0].text.length).toBeLessThanOrEqual(120);
  }, 300_000);

  it('leaves the documents unchanged for the next index run, and keeps their text out of the API', async () => {
    const res = (await indexAllViaApi(next.built.app, { documents: documents.slice(0, 2) }, admin)) as unknown as {
      counts: { unchanged: number };
    };
    expect(res.counts.unchanged).toBe(2);
    const record = (await (await next.built.app.request('/documents/guide', { headers: admin })).json()) as Record<
      string,
      unknown
    >;
    expect(record.chunkCount).toBeGreaterThan(2);
    expect(record).not.toHaveProperty('body');
    // The store reads the kept text only where it is needed: a listing or a comparison leaves it out.
    const [full] = await next.core.store.getDocumentsByIds(['guide']);
    expect(full.body?.text).toContain('ビルドの設定は第6項で説明するとおり');
    expect(full.body?.blocks?.some((b) => b.kind === 'heading' && b.anchor)).toBe(true);
    const { body: _kept, ...rest } = full;
    expect(await next.core.store.getDocumentsByIds(['guide'], { body: false })).toEqual([rest]);
  }, 120_000);
});
