import { readFileSync } from 'node:fs';
import { foldOnly } from './helpers/keyword-form.ts';
import { Meilisearch } from 'meilisearch';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { chunkDocument } from '../indexer/chunker.ts';
import { toStoredChunk } from '../indexer/pipeline/to-stored.ts';
import { createChunkStore, type ChunkStore } from '../store/chunk-store.ts';
import { stopWordsFor } from '../text/stop-words.ts';
import { SAMPLE_PATH } from './helpers/service.ts';
import { dropAll } from '../tools/lib/drop-all.ts';

const stores: ChunkStore[] = [];
afterAll(async () => {
  for (const s of stores) await dropAll(s);
});

async function sampleIndex(locale: string): Promise<ChunkStore> {
  const store = createChunkStore({
    url: inject('meiliUrl'),
    apiKey: inject('meiliKey'),
    indexName: `jp_${locale}_${process.pid}`,
    locale,
    stopWords: stopWordsFor('ja'),
    embedder: null,
    timeoutMs: 30_000,
  });
  stores.push(store);
  await store.ensureIndexes();
  const doc = { id: 'sample', title: '', text: readFileSync(SAMPLE_PATH, 'utf8') };
  await store.writeChunks(chunkDocument(doc).map((c) => toStoredChunk(doc, c, foldOnly, null, null)));
  return store;
}

const keyword = async (store: ChunkStore, q: string) =>
  (await store.legs.run({ q, window: 5, locale: store.options.locale, runKeyword: true, runSemantic: false })).keyword!
    .hits;

describe('Japanese keyword search in Meilisearch', () => {
  it('finds 普天間 in the sample with the jpn locale on attributes and searches', async () => {
    const store = await sampleIndex('jpn');
    const hits = await keyword(store, '普天間');
    expect(hits[0].chunk.originalText).toContain('普天間問題に関し');
  });

  it('applies settings idempotently: a second start enqueues no Meilisearch task', async () => {
    const store = stores[0];
    const meili = new Meilisearch({ host: inject('meiliUrl'), apiKey: inject('meiliKey') });
    const uids = ['', '_documents', '_meta'].map((s) => store.options.indexName + s);
    const taskCount = async () => (await meili.tasks.getTasks({ indexUids: uids, limit: 1000 })).results.length;
    const before = await taskCount();
    expect(await store.ensureIndexes()).toEqual([]);
    expect(await taskCount()).toBe(before);
  });

  it('keeps document records out of keyword search: they are looked up by id only', async () => {
    const store = stores[0];
    await store.putDocuments([
      {
        id: 'rec',
        documentId: 'rec',
        title: '普天間',
        hash: 'h',
        chunkCount: 1,
        indexedAt: new Date(0).toISOString(),
        vectorsComplete: true,
      },
    ]);
    const meili = new Meilisearch({ host: inject('meiliUrl'), apiKey: inject('meiliKey') });
    const found = await meili.index(`${store.options.indexName}_documents`).search('普天間');
    expect(found.hits).toEqual([]);
    expect((await store.getDocument('rec'))?.title).toBe('普天間');
  });
});
