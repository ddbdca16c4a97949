/**
 * Keyword order in Meilisearch 1.21 vs when stop words are set. The team saw keyword order change with
 * showRankingScore on an index whose stop words changed after its documents were added. Measured here:
 * - settings applied before documents (the store's path): order is the same with and without showRankingScore;
 * - stop words ADDED after documents: same order as a fresh index (Meilisearch drops them at query time);
 * - stop words REMOVED after documents: the index stays stale (former stop words are not re-indexed, not even when
 *   unchanged documents are re-added), so order differs from a fresh index; showRankingScore still changes nothing.
 *   ensureIndexes therefore copies the chunks into a new index with the settings first and swaps it in.
 */
import { foldOnly } from './helpers/keyword-form.ts';
import { Meilisearch, type MultiSearchQuery } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadSet, spread } from '../tools/eval/datasets.ts';
import { indexDocuments } from '../indexer/pipeline/index-documents.ts';
import type { SourceDocument } from '../domain/documents.ts';
import { createChunkStore, type ChunkStore } from '../store/chunk-store.ts';
import { createSearchLegs } from '../store/search-legs.ts';
import { JAPANESE_STOP_WORDS } from '../text/stop-words.ts';
import { dropAll } from '../tools/lib/drop-all.ts';

const url = inject('meiliUrl');
const apiKey = inject('meiliKey');
const client = new Meilisearch({ host: url, apiKey });
const prefix = `sw${process.pid}_${Date.now().toString(36)}`;
const JA = [...JAPANESE_STOP_WORDS];
const stores: ChunkStore[] = [];

let documents: SourceDocument[];
let queries: string[];

function store(
  name: string,
  stopWords: string[],
  embedder: { name: string; dimensions: number } | null = null,
): ChunkStore {
  const s = createChunkStore({
    url,
    apiKey,
    indexName: `${prefix}_${name}`,
    locale: 'jpn',
    stopWords,
    embedder,
    timeoutMs: 60_000,
  });
  stores.push(s);
  return s;
}

/** Settings first (ensureIndexes), then the documents through the real pipeline, keyword-only. */
async function build(name: string, stopWords: string[]): Promise<ChunkStore> {
  const s = store(name, stopWords);
  await s.ensureIndexes();
  const summary = await indexDocuments(documents, {
    store: s,
    embedder: null,
    embedderName: null,
    maxChars: 400,
    keywordForm: foldOnly,
  });
  expect(summary.failed).toEqual([]);
  return s;
}

/** The exact multi-search queries the product's keyword leg sends (showRankingScore on), recorded, not re-typed. */
async function productQueries(indexName: string): Promise<MultiSearchQuery[]> {
  const sent: MultiSearchQuery[] = [];
  const recorder = {
    multiSearch: async (body: { queries: MultiSearchQuery[] }) => (
      sent.push(...body.queries), { results: body.queries.map(() => ({ hits: [] })) }
    ),
  };
  const legs = createSearchLegs({
    client: recorder as unknown as Meilisearch,
    indexName,
    locale: 'jpn',
    embedder: null,
  });
  for (const q of queries) await legs.run({ q, window: 20, locale: 'jpn', runKeyword: true, runSemantic: false });
  return sent;
}

/** Hit ids per query; `showRankingScore` as given, every other parameter as the product sends it. */
async function order(s: ChunkStore, showRankingScore: boolean): Promise<string[][]> {
  const sent = (await productQueries(s.options.indexName)).map((q) => {
    const { showRankingScore: _dropped, ...rest } = q;
    return showRankingScore ? { ...rest, showRankingScore: true } : rest;
  });
  expect(sent.every((q) => showRankingScore === 'showRankingScore' in q)).toBe(true);
  const out: string[][] = [];
  for (let i = 0; i < sent.length; i += 50) {
    const { results } = await client.multiSearch({ queries: sent.slice(i, i + 50) });
    out.push(...results.map((r) => r.hits.map((h) => String(h.id))));
  }
  return out;
}

const differing = (a: string[][], b: string[][]) => a.filter((ids, i) => ids.join() !== b[i].join()).length;

beforeAll(async () => {
  const set = await loadSet({ set: 'jsquad', corpusLimit: 300 });
  documents = set.documents;
  queries = spread(set.queries, 150).map((q) => q.query);
});

afterAll(async () => {
  for (const s of stores) await dropAll(s);
  await client
    .deleteIndex(`${prefix}_removed_rebuild`)
    .waitTask({ timeout: 60_000 })
    .catch(() => undefined);
});

describe('Meilisearch keyword order and stop words (300 JSQuAD paragraphs, 150 questions)', () => {
  let freshJa: ChunkStore;
  let freshNone: ChunkStore;
  let ja: string[][];
  let none: string[][];

  beforeAll(async () => {
    freshJa = await build('fresh_ja', JA);
    freshNone = await build('fresh_none', []);
    ja = await order(freshJa, true);
    none = await order(freshNone, true);
  });

  it('with settings applied before the documents, showRankingScore does not change the order', async () => {
    expect(differing(await order(freshJa, false), ja)).toBe(0);
    expect(differing(await order(freshNone, false), none)).toBe(0);
    // The stop words matter at all on these questions (otherwise the later checks prove nothing).
    expect(differing(ja, none)).toBeGreaterThan(30);
    expect(ja.filter((ids) => ids.length > 0).length).toBeGreaterThan(140);
  });

  it('stop words added after the documents: same order as a fresh index, with and without showRankingScore', async () => {
    const s = await build('added', []);
    await store('added', JA).ensureIndexes();
    expect(differing(await order(s, true), ja)).toBe(0);
    expect(differing(await order(s, false), ja)).toBe(0);
  });

  it('Meilisearch itself: stop words removed after the documents leave the index stale', async () => {
    const s = await build('raw_removed', JA);
    await client.index(s.options.indexName).updateSettings({ stopWords: [] }).waitTask({ timeout: 60_000 });
    // Re-adding the same documents does not help either.
    await s.writeChunks(await s.getChunks(undefined, 1000));
    const stale = await order(s, true);
    expect(differing(await order(s, false), stale)).toBe(0); // showRankingScore is not the cause
    expect(differing(stale, none)).toBeGreaterThan(20); // but the order is not that of a fresh index
  });

  it('ensureIndexes rebuilds the chunk index when stop words are removed: fresh order, same chunks', async () => {
    const s = await build('removed', JA);
    const before = await s.countChunks();
    const changed = await store('removed', []).ensureIndexes();
    expect(changed).toContain('stopWords');
    expect(await s.countChunks()).toBe(before);
    expect(differing(await order(s, true), none)).toBe(0);
    expect(differing(await order(s, false), none)).toBe(0);
    expect((await client.getIndexes({ limit: 1000 })).results.map((i) => i.uid)).not.toContain(
      `${prefix}_removed_rebuild`,
    );
    // A second start with the same list changes nothing.
    expect(await store('removed', []).ensureIndexes()).toEqual([]);
  });

  it('the rebuild keeps vectors and the hasVector mark', async () => {
    const embedder = { name: 'fake', dimensions: 3 };
    const s = store('vectors', JA, embedder);
    await s.ensureIndexes();
    const chunk = (id: string, text: string, vector: number[] | null) => ({
      id,
      chunkId: `${id}#0`,
      documentId: id,
      ordinal: 0,
      title: id,
      headingPath: [],
      text,
      foldedTitle: id,
      foldedHeadings: [],
      originalText: text,
      start: 0,
      end: text.length,
      hash: id,
      tags: [],
      hasVector: vector !== null,
      _vectors: { fake: vector },
    });
    await s.writeChunks([
      chunk('a', '梅雨の時期', [1, 0, 0]),
      chunk('b', '台風の進路', [0, 1, 0]),
      chunk('c', '雪の量', null),
    ]);
    await store('vectors', [], embedder).ensureIndexes();
    const docs = (await client.index(s.options.indexName).getDocuments({ retrieveVectors: true, limit: 10 }))
      .results as unknown as { id: string; hasVector: boolean; _vectors: Record<string, { embeddings: number[][] }> }[];
    const byId = Object.fromEntries(docs.map((d) => [d.id, d]));
    expect(byId.a._vectors.fake.embeddings).toEqual([[1, 0, 0]]);
    expect(byId.b._vectors.fake.embeddings).toEqual([[0, 1, 0]]);
    expect(byId.c._vectors.fake.embeddings).toEqual([]);
    expect(byId.c.hasVector).toBe(false);
    const hits = await s.legs.run({
      q: '時期',
      vector: [0, 1, 0],
      window: 3,
      locale: 'jpn',
      runKeyword: false,
      runSemantic: true,
    });
    expect(hits.semantic!.hits[0].chunk.id).toBe('b');
    expect((await client.index(s.options.indexName).getSettings()).stopWords).toEqual([]);
  });
});
