import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withCache } from '../embeddings/cached-embedder.ts';
import { diskCacheKey, openDiskCache } from '../embeddings/disk-cache.ts';
import { createEmbedder } from '../embeddings/index.ts';
import { createLocalEmbedder } from '../embeddings/local.ts';
import { createLru } from '../embeddings/lru.ts';
import type { CountingEmbedder } from '../embeddings/types.ts';
import { MODEL_DIR, sampleLine, tempDir, removeTempDirs } from './helpers/embed-model.ts';

afterAll(removeTempDirs);

const passages = [sampleLine('辺野古'), sampleLine('TPPは日米同盟'), sampleLine('オバマ大統領を国賓')];

describe('embedding caches (real model)', () => {
  let model: CountingEmbedder;
  beforeAll(async () => {
    model = await createLocalEmbedder({ modelDir: MODEL_DIR });
  });
  afterAll(() => model?.close());

  // The wrapper must not close the shared model; it owns only its disk cache.
  const keepOpen = () => ({ ...model, close: async () => {} });
  const open = (dir: string) => openDiskCache({ dir, fingerprint: model.fingerprint, dimensions: model.dimensions });

  it('answers a repeated query from memory', async () => {
    const cached = withCache(keepOpen(), { queryLruSize: 10 });
    const before = model.stats.queryCalls;
    const first = await cached.embedQuery('沖縄の米軍基地移転');
    const second = await cached.embedQuery('沖縄の米軍基地移転');
    expect(second).toEqual(first);
    expect(model.stats.queryCalls).toBe(before + 1);
    expect(cached.stats.queryCalls).toBe(1);
    expect(cached.cacheStats.queryHits).toBe(1);
    second[0] = 42; // a caller's copy, not the cached vector
    expect(await cached.embedQuery('沖縄の米軍基地移転')).toEqual(first);
  });

  it('keeps passage vectors on disk across reopen, with zero model calls for known texts', async () => {
    const dir = tempDir();
    const first = withCache(keepOpen(), { diskCache: await open(dir), queryLruSize: 0 });
    const vectors = await first.embedPassages(passages);
    await first.close();

    const before = { ...model.stats };
    const reopened = withCache(keepOpen(), { diskCache: await open(dir), queryLruSize: 0 });
    expect(await reopened.embedPassages(passages)).toEqual(vectors); // float32 in, float32 out: exact
    expect(model.stats).toEqual(before);
    expect(reopened.stats).toEqual({ passageCalls: 0, passagesEmbedded: 0, queryCalls: 0 });

    // A mix: only the new text reaches the model, duplicates once.
    await reopened.embedPassages([passages[0], '新しい文', '新しい文']);
    expect(model.stats.passagesEmbedded).toBe(before.passagesEmbedded + 1);
    await reopened.close();
  });

  it('createEmbedder wires provider, disk cache and query LRU', async () => {
    const dataDir = tempDir();
    const options = {
      provider: 'local',
      worker: false,
      model: 'multilingual-e5-small',
      modelDir: MODEL_DIR,
      projectRoot: tempDir(),
      dataDir,
      download: false,
      dtype: 'q8',
      threads: 2,
      batchSize: 1,
    } as const;
    const a = await createEmbedder(options);
    await a.embedPassages(passages.slice(0, 1));
    expect(a.stats.passagesEmbedded).toBe(1);
    await a.close();
    expect(fs.readdirSync(path.join(dataDir, 'embed-cache'))).toEqual([`${a.fingerprint}.bin`]);
    const b = await createEmbedder(options);
    await b.embedPassages(passages.slice(0, 1));
    expect(b.stats.passagesEmbedded).toBe(0);
    await b.close();
  });
});

describe('disk cache file', () => {
  const vec = (x: number) => Array.from({ length: 4 }, (_, i) => x + i / 10);
  const f32 = (v: number[]) => Array.from(Float32Array.from(v)); // what the file stores

  it('ignores a torn last record and keeps appending cleanly', async () => {
    const dir = tempDir();
    const cache = await openDiskCache({ dir, fingerprint: 'f', dimensions: 4 });
    await cache.putMany([
      [diskCacheKey('p: ', 'one'), vec(1)],
      [diskCacheKey('p: ', 'two'), vec(2)],
    ]);
    await cache.close();
    const fullSize = fs.statSync(cache.file).size;
    fs.truncateSync(cache.file, fullSize - 5); // crash mid-write of "two"

    const reopened = await openDiskCache({ dir, fingerprint: 'f', dimensions: 4 });
    expect(reopened.size).toBe(1);
    expect(Array.from(reopened.get(diskCacheKey('p: ', 'one'))!)).toEqual(f32(vec(1)));
    expect(reopened.get(diskCacheKey('p: ', 'two'))).toBeUndefined();
    await reopened.putMany([[diskCacheKey('p: ', 'three'), vec(3)]]);
    await reopened.close();

    const third = await openDiskCache({ dir, fingerprint: 'f', dimensions: 4 });
    expect(third.size).toBe(2);
    expect(Array.from(third.get(diskCacheKey('p: ', 'three'))!)).toEqual(f32(vec(3)));
    await third.close();
  });

  it('keys on the prefix as well as the text, and starts over on a foreign file', async () => {
    expect(diskCacheKey('query: ', 'x')).not.toBe(diskCacheKey('passage: ', 'x'));
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'g.bin'), 'not a cache file at all');
    const cache = await openDiskCache({ dir, fingerprint: 'g', dimensions: 4 });
    expect(cache.size).toBe(0);
    await cache.putMany([['k', vec(0)]]);
    await cache.close();
    const again = await openDiskCache({ dir, fingerprint: 'g', dimensions: 4 });
    expect(again.size).toBe(1);
    await again.close();
  });
});

describe('lru', () => {
  it('evicts the least recently used entry', () => {
    const lru = createLru<string, number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.get('a');
    lru.set('c', 3);
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([1, undefined, 3]);
    const off = createLru<string, number>(0);
    off.set('a', 1);
    expect(off.get('a')).toBeUndefined();
  });
});
