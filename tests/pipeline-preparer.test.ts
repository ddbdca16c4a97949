// Chunking and readings on a worker thread (what `kensaku index` does): the index must not tell the difference.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceDocument, StoredChunk } from '../domain/documents.ts';
import { FOLD_RULES } from '../domain/fold-rules.ts';
import { createKeywordForm } from '../indexer/keyword-form.ts';
import { indexDocuments } from '../indexer/pipeline/index-documents.ts';
import type { IndexOptions } from '../indexer/pipeline/types.ts';
import { createWorkerPreparer } from '../indexer/pipeline/worker-preparer.ts';
import { SAMPLE_PATH, startTestService, type TestService } from './helpers/service.ts';

const formOptions = { fold: [...FOLD_RULES], readings: true };
const text = readFileSync(SAMPLE_PATH, 'utf8');
const docs = (prefix: string): SourceDocument[] => [
  { id: `${prefix}-sample`, title: '', text },
  {
    id: `${prefix}-kana`,
    title: 'ふてんま',
    text: '普天間飛行場の移設。辺野古への移設計画について、沖縄県知事は埋め立てを承認した。',
  },
];

let svc: TestService;
let base: IndexOptions;
const preparer = createWorkerPreparer({ keywordForm: formOptions, idleMs: 100 });

beforeAll(async () => {
  // No model: what is compared is the keyword side (folds, readings, romaji) and the chunks themselves.
  svc = await startTestService({}, { embeddings: false });
  base = {
    store: svc.core.store,
    embedder: null,
    embedderName: null,
    maxChars: 400,
    keywordForm: createKeywordForm(formOptions),
  };
});
afterAll(async () => {
  await preparer.close();
  await svc?.close();
});

const stored = async (prefix: string) =>
  (await svc.core.store.getChunks(`documentId IN ["${prefix}-sample", "${prefix}-kana"]`, 1000))
    .map(({ id: _id, documentId: _doc, chunkId: _chunk, ...rest }: StoredChunk) => rest)
    .sort((a, b) => a.title.localeCompare(b.title) || a.ordinal - b.ordinal);

describe('documents prepared on a worker thread', () => {
  it('are stored exactly as those prepared on the feeding thread, readings included', async () => {
    const onWorker = await indexDocuments(docs('w'), { ...base, preparer });
    const inline = await indexDocuments(docs('i'), base);
    expect(onWorker).toEqual(inline);
    expect(onWorker.added).toBe(2);
    const [w, i] = [await stored('w'), await stored('i')];
    expect(w.length).toBeGreaterThan(10);
    expect(w).toEqual(i);
    expect(w.find((c) => c.text.includes('普天間'))?.reading).toContain('フテンマ');
  });

  it('leave an unchanged document alone, and still index a changed one, after the worker was let go', async () => {
    await new Promise((r) => setTimeout(r, 300)); // past idleMs: the worker has gone and starts again on use
    const [sample, kana] = docs('w');
    const again = await indexDocuments([sample, { ...kana, text: `${kana.text}移設は2025年以降。` }], {
      ...base,
      preparer,
    });
    expect(again).toMatchObject({ added: 0, updated: 1, unchanged: 1, failed: [] });
  });
});
