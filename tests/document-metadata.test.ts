import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chunk, SourceDocument } from '../domain/documents.ts';
import type { KeywordForm } from '../indexer/keyword-form.ts';
import { documentHash } from '../indexer/pipeline/to-stored.ts';
import { indexViaApi, startTestService, type TestService } from './helpers/service.ts';

let svc: TestService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(() => svc?.close());

const file = (id: string, filename: string, content: string) => ({
  id,
  filename,
  url: `https://docs.example.jp/${id}`,
  contentBase64: Buffer.from(content).toString('base64'),
});
const info = async (id: string) =>
  (await (await svc.app.request(`/documents/${encodeURIComponent(id)}`)).json()) as Record<string, unknown>;
const chunkHashes = async (id: string) =>
  (await svc.core.store.getChunks(`documentId = ${JSON.stringify(id)}`, 100))
    .sort((a, b) => a.ordinal - b.ordinal)
    .map((c) => c.hash);
const post = async (body: unknown) => (await indexViaApi(svc.app, body)) as { status: string; counts: any };

const BODY =
  '# 設定の共有\n\n## 環境変数\n\n`.env` ファイルから読み込まれる環境変数は `import.meta.env` で参照できます。\n';
const page = (description: string) =>
  [
    '---',
    'title: 環境変数とモード',
    `description: ${description}`,
    'lang: ja-JP',
    'tags: [guide]',
    'outline: deep',
    'head:',
    '  - [meta, { name: og:type, content: article }]',
    '---',
    BODY,
  ].join('\n');

describe("a page's description, lang and front matter keys", () => {
  it('are stored with the document and returned by GET /documents/{id}', async () => {
    expect(await post(file('guide/env.md', 'guide/env.md', page('環境変数の読み込み方')))).toMatchObject({
      status: 'succeeded',
      counts: { added: 1 },
    });
    expect(await info('guide/env.md')).toMatchObject({
      title: '環境変数とモード',
      tags: ['guide'],
      description: '環境変数の読み込み方',
      lang: 'ja-JP',
      meta: { outline: 'deep', head: [['meta', { name: 'og:type', content: 'article' }]] },
    });
    // The list shows the same record.
    const list = (await (await svc.app.request('/documents?limit=100')).json()) as {
      documents: Record<string, unknown>[];
    };
    expect(list.documents.find((d) => d.documentId === 'guide/env.md')).toMatchObject({ lang: 'ja-JP' });
    // The language is on every chunk too.
    const chunks = await svc.core.store.getChunks('documentId = "guide/env.md"', 100);
    expect(chunks.length).toBeGreaterThan(0);
    for (const c of chunks) expect(c.lang).toBe('ja-JP');
  });

  it('are read from an HTML page: meta description and <html lang>', async () => {
    const html =
      '<!doctype html><html lang="en"><head><title>Features</title><meta name="description" content="What Vite gives you"></head><body><main><h1>Features</h1><p>Vite serves source files over native ESM.</p></main></body></html>';
    await post(file('features.html', 'features.html', html));
    expect(await info('features.html')).toMatchObject({ description: 'What Vite gives you', lang: 'en' });
  });

  it('a change to them updates the document; its chunks keep their hashes; the same page again is unchanged', async () => {
    const before = await chunkHashes('guide/env.md');
    expect(await post(file('guide/env.md', 'guide/env.md', page('環境変数の読み込み方')))).toMatchObject({
      counts: { unchanged: 1, updated: 0 },
    });
    expect(await post(file('guide/env.md', 'guide/env.md', page('.env ファイルとモードの説明')))).toMatchObject({
      counts: { updated: 1 },
    });
    expect(await info('guide/env.md')).toMatchObject({ description: '.env ファイルとモードの説明' });
    expect(await chunkHashes('guide/env.md')).toEqual(before);
    // The same text without front matter chunks the same.
    await post(file('plain/env.md', 'plain/env.md', BODY));
    expect(await chunkHashes('plain/env.md')).toEqual(before);
  });

  it('a document without them shows none of them', async () => {
    await post({ id: 'bare', title: '素の文書', text: '富士山は日本で最も高い山である。' });
    const bare = await info('bare');
    expect(bare).toMatchObject({ documentId: 'bare', title: '素の文書' });
    expect(Object.keys(bare).filter((k) => ['description', 'lang', 'meta'].includes(k))).toEqual([]);
  });
});

describe('the document hash', () => {
  const form = { fingerprint: 'pinned-form' } as KeywordForm;
  const chunks = [{ hash: 'a'.repeat(64) }, { hash: 'b'.repeat(64) }] as Chunk[];
  const doc: SourceDocument = {
    id: 'p',
    title: 'ピン留め',
    text: 'x',
    url: 'https://example.jp/p',
    source: 'p.md',
    tags: ['t'],
  };

  it('is what it always was for a document without description, lang or meta (nothing re-embedded on upgrade)', () => {
    // Pinned: these are the hashes such documents had before the fields were stored.
    expect(documentHash(doc, chunks, form)).toBe('6eebe4b877b3dd0293cdaf3b67f139158d8cdcaf7aace610e14085f44cd51ecb');
    expect(documentHash({ id: 'p', title: 'ピン留め', text: 'x' }, chunks, form)).toBe(
      'c33573481081e470903f1fb40b0e7a6ae8eab905e4d473f1bdeea929062024e0',
    );
    // Empty values are none.
    expect(documentHash({ ...doc, description: '', lang: '', meta: {} }, chunks, form)).toBe(
      documentHash(doc, chunks, form),
    );
  });

  it('changes with each of them, but not with the order of meta keys', () => {
    const hashes = [
      doc,
      { ...doc, description: '説明' },
      { ...doc, description: '別の説明' },
      { ...doc, lang: 'ja' },
      { ...doc, meta: { outline: 'deep' } },
      { ...doc, meta: { outline: [2, 3] } },
    ].map((d) => documentHash(d, chunks, form));
    expect(new Set(hashes).size).toBe(hashes.length);
    expect(documentHash({ ...doc, meta: { a: 1, b: { c: 2, d: 3 } } }, chunks, form)).toBe(
      documentHash({ ...doc, meta: { b: { d: 3, c: 2 }, a: 1 } }, chunks, form),
    );
  });
});
