import { readFileSync } from 'node:fs';
import { foldOnly } from './helpers/keyword-form.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CachedEmbedder } from '../embeddings/index.ts';
import type { Embedder } from '../embeddings/types.ts';
import { indexDocuments } from '../indexer/pipeline/index-documents.ts';
import { deleteDocument } from '../indexer/pipeline/delete-document.ts';
import type { IndexOptions } from '../indexer/pipeline/types.ts';
import { createChunkStore } from '../store/chunk-store.ts';
import type { SourceDocument } from '../domain/documents.ts';
import { createWorkerPool } from '../embeddings/worker-pool.ts';
import type { IndexProgress } from '../indexer/pipeline/types.ts';
import { MODEL_DIR } from './helpers/embed-model.ts';
import { SAMPLE_PATH, startTestService, type TestService } from './helpers/service.ts';

let svc: TestService;
let options: IndexOptions;
const sample: SourceDocument = { id: 'sample', title: '', text: readFileSync(SAMPLE_PATH, 'utf8') };
const stats = () => (svc.core.indexEmbedder as CachedEmbedder).stats;

beforeAll(async () => {
  svc = await startTestService();
  options = {
    store: svc.core.store,
    embedder: svc.core.indexEmbedder,
    embedderName: svc.core.semantic.embedderName,
    maxChars: 400,
    keywordForm: foldOnly,
  };
});
afterAll(() => svc?.close());

/** Wraps the real embedder and fails for texts containing a marker: a model error on one document. */
function failingOn(marker: string, inner: Embedder): Embedder {
  return {
    ...inner,
    embedPassages: async (texts) =>
      texts.some((t) => t.includes(marker)) ? Promise.reject(new Error('model exploded')) : inner.embedPassages(texts),
  };
}

describe('indexing pipeline', () => {
  it('indexes the sample, then re-indexes it unchanged with zero model calls and zero writes', async () => {
    const first = await indexDocuments([sample], options);
    expect(first).toMatchObject({ added: 1, unchanged: 0, failed: [] });
    expect(first.chunksWritten).toBeGreaterThan(10);
    const calls = stats().passageCalls;
    const second = await indexDocuments([sample], options);
    expect(second).toMatchObject({ added: 0, updated: 0, unchanged: 1, chunksWritten: 0 });
    expect(stats().passageCalls).toBe(calls);
  });

  it('re-embeds nothing already seen when only one paragraph changes (disk cache), and replaces the chunk', async () => {
    const edited = {
      ...sample,
      text: sample.text.replace(
        '拉致問題に関する米国の理解と協力に謝意を表明',
        '拉致問題に関する米国の理解と協力に深い謝意を表明',
      ),
    };
    const before = stats().passagesEmbedded;
    const summary = await indexDocuments([edited], options);
    expect(summary).toMatchObject({ updated: 1, failed: [] });
    expect(stats().passagesEmbedded - before).toBe(1);
    const chunks = await svc.core.store.getChunks('documentId = "sample"');
    expect(chunks.filter((c) => c.originalText.includes('深い謝意')).length).toBe(1);
    expect(chunks.length).toBe(summary.chunksWritten);
    await indexDocuments([sample], options);
  });

  it('leaves the previous version searchable when the model fails part-way, and a retry completes', async () => {
    const docs: SourceDocument[] = [
      { id: 'a', title: 'A', text: '版1の文書Aは長崎の教会について述べる。' },
      { id: 'b', title: 'B', text: '版1の文書Bは函館の夜景について述べる。' },
    ];
    await indexDocuments(docs, options);
    const v2 = docs.map((d) => ({ ...d, text: d.text.replace('版1', '版2') }));
    const broken = await indexDocuments(v2, { ...options, embedder: failingOn('函館', svc.core.indexEmbedder!) });
    expect(broken.updated).toBe(1);
    expect(broken.failed).toEqual([{ documentId: 'b', message: expect.stringContaining('model exploded') }]);
    const textOf = async (id: string) =>
      (await svc.core.store.getChunks(`documentId = "${id}"`)).map((c) => c.originalText);
    expect(await textOf('a')).toEqual(['版2の文書Aは長崎の教会について述べる。']);
    expect(await textOf('b')).toEqual(['版1の文書Bは函館の夜景について述べる。']);
    const retry = await indexDocuments(v2, options);
    expect(retry).toMatchObject({ unchanged: 1, updated: 1, failed: [] });
    expect(await textOf('b')).toEqual(['版2の文書Bは函館の夜景について述べる。']);
  });

  it('leaves the previous version when Meilisearch is unreachable, and a retry completes', async () => {
    const doc: SourceDocument = { id: 'c', title: 'C', text: '版1の文書Cは金沢の庭園について述べる。' };
    await indexDocuments([doc], options);
    const down = createChunkStore({ ...svc.core.store.options, url: 'http://127.0.0.1:9', timeoutMs: 2000 });
    const v2 = { ...doc, text: '版2の文書Cは金沢の庭園について述べる。' };
    await expect(indexDocuments([v2], { ...options, store: down })).rejects.toMatchObject({
      code: 'meilisearch_unavailable',
    });
    expect((await svc.core.store.getChunks('documentId = "c"')).map((c) => c.originalText)).toEqual([doc.text]);
    expect(await indexDocuments([v2], options)).toMatchObject({ updated: 1, failed: [] });
    expect((await svc.core.store.getChunks('documentId = "c"')).map((c) => c.originalText)).toEqual([v2.text]);
  });

  it('deletes every chunk of a document and its record', async () => {
    await deleteDocument(svc.core.store, 'a');
    expect(await svc.core.store.getChunks('documentId = "a"')).toEqual([]);
    expect(await svc.core.store.getDocument('a')).toBeNull();
    await expect(deleteDocument(svc.core.store, 'a')).rejects.toMatchObject({ code: 'document_not_found' });
  });

  it('writes as soon as a few documents are ready while Meilisearch is idle, and gathers bigger writes while it is busy', async () => {
    const docs: SourceDocument[] = Array.from({ length: 40 }, (_, i) => ({
      id: `gc-${i}`,
      title: '',
      text: `グループコミットの確認用の段落、${i}番目。`,
    }));
    let embedded = 0;
    let open!: () => void;
    const allEmbedded = new Promise<void>((r) => (open = r));
    const embedder: Embedder = {
      ...options.embedder!,
      embedPassages: async (texts) => {
        const rows = await options.embedder!.embedPassages(texts);
        if ((embedded += texts.length) === docs.length) open();
        return rows;
      },
    };
    // The real store, with its first write held until every document is embedded: Meilisearch "busy" meanwhile.
    const sizes: number[] = [];
    const store = {
      ...options.store,
      writeChunks: async (chunks: Parameters<typeof options.store.writeChunks>[0]) => {
        sizes.push(chunks.length);
        if (sizes.length === 1) await allEmbedded;
        return options.store.writeChunks(chunks);
      },
    };
    const summary = await indexDocuments(docs, { ...options, store, embedder, writeBatchChunks: 16 });
    expect(summary).toMatchObject({ added: 40, chunksWritten: 40, failed: [] });
    // 2 (= 16 / 8) while idle, then 16 and 16 gathered behind the held write, then the rest.
    expect(sizes).toEqual([2, 16, 16, 6]);
    expect(await svc.core.store.getChunks('documentId = "gc-39"')).toHaveLength(1);
  });
});

describe('indexing with several documents embedding at once (worker pool)', () => {
  it('writes every document with its vectors, reports progress in input order, and fails only the broken one', async () => {
    const pool = await createWorkerPool({ modelDir: MODEL_DIR, workers: 2, threads: 1 });
    try {
      const docs: SourceDocument[] = ['札幌', '仙台', '函館', '新潟', '松江', '那覇'].map((city, i) => ({
        id: `pool-${i}`,
        title: city,
        text: `${city}の観光案内。${city}の名物と歴史について述べる。`,
      }));
      const progress: IndexProgress[] = [];
      const summary = await indexDocuments(docs, {
        ...options,
        embedder: failingOn('函館', pool),
        onProgress: (p) => progress.push(p),
      });
      expect(summary).toMatchObject({ added: 5, chunksWithoutVectors: 0 });
      expect(summary.failed).toEqual([{ documentId: 'pool-2', message: expect.stringContaining('model exploded') }]);
      expect(progress.map((p) => p.documentsDone)).toEqual([1, 2, 3, 4, 5, 6]);
      for (const doc of docs) {
        const chunks = await svc.core.store.getChunks(`documentId = "${doc.id}"`);
        expect(chunks.map((c) => [c.originalText, c.hasVector])).toEqual(
          doc.title === '函館' ? [] : [[doc.text, true]],
        );
      }
    } finally {
      await pool.close();
    }
  });
});
