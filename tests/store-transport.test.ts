import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChunkStore, type ChunkStore } from '../store/chunk-store.ts';
import { findMeiliBinary } from '../store/meili-binary.ts';
import { startMeilisearch, type MeiliProcess } from '../store/meili-process.ts';

// Its own Meilisearch: the test pauses it with SIGSTOP, which must not stall other files' searches.
let meili: MeiliProcess;
let dataDir: string;
let store: ChunkStore;
const legs = (q: string, filter?: string) =>
  store.legs.run({ q, filter, window: 5, locale: 'jpn', runKeyword: true, runSemantic: false });

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'kensaku-transport-'));
  meili = await startMeilisearch({ binary: (await findMeiliBinary({ dataDir })).path, dataDir });
  const options = {
    url: meili.url,
    apiKey: meili.masterKey,
    indexName: 'transport',
    locale: 'jpn',
    stopWords: [],
    embedder: null,
  };
  // Writing waits for Meilisearch's first Japanese indexing; searching gets a short timeout to test.
  const writer = createChunkStore({ ...options, timeoutMs: 60_000 });
  store = createChunkStore({ ...options, timeoutMs: 1500 });
  await writer.ensureIndexes();
  const chunk = {
    id: 'c1',
    chunkId: 'd#0',
    documentId: 'd',
    ordinal: 0,
    title: '外相会談',
    headingPath: [],
    text: '普天間飛行場の移設について協議した。',
    originalText: '普天間飛行場の移設について協議した。',
    start: 0,
    end: 18,
    hash: 'h',
    hasVector: false,
  };
  await writer.writeChunks([chunk as never]);
}, 60_000);

afterAll(async () => {
  process.kill(meili.pid, 'SIGCONT');
  await meili.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the store talks to Meilisearch over node:http', () => {
  it('searches, and each hit carries its stored fields', async () => {
    const { keyword } = await legs('普天間');
    expect(keyword!.hits.map((h) => [h.chunk.id, h.chunk.title])).toEqual([['c1', '外相会談']]);
    expect(keyword!.hits[0].score).toBeGreaterThan(0);
  });

  it("keeps Meilisearch's refusals as the caller's errors: a bad filter is invalid_filter", async () => {
    await expect(legs('普天間', 'nosuchfield = 1')).rejects.toMatchObject({ code: 'invalid_filter' });
  });

  it('gives up after the configured timeout when Meilisearch hangs, and recovers when it answers again', async () => {
    process.kill(meili.pid, 'SIGSTOP');
    try {
      await expect(legs('普天間')).rejects.toMatchObject({ code: 'meilisearch_unavailable' });
    } finally {
      process.kill(meili.pid, 'SIGCONT');
    }
    expect((await legs('普天間')).keyword!.hits).toHaveLength(1);
  });
});
