import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Tensor, mean_pooling } from '@huggingface/transformers';
import { createLocalEmbedder } from '../embeddings/local.ts';
import { meanPoolNormalized } from '../embeddings/mean-pool.ts';
import type { CountingEmbedder } from '../embeddings/types.ts';
import { cosine } from '../embeddings/vector-math.ts';
import { MODEL_DIR, norm, sampleLine } from './helpers/embed-model.ts';

const futenma = sampleLine('辺野古'); // 普天間 relocation, governor's landfill approval
const tpp = sampleLine('TPPは日米同盟');

describe('local embedder (multilingual-e5-small, int8)', () => {
  let embedder: CountingEmbedder;
  beforeAll(async () => {
    embedder = await createLocalEmbedder({ modelDir: MODEL_DIR, modelId: 'multilingual-e5-small', threads: 2 });
  });
  afterAll(() => embedder?.close());

  it('reports the model and e5 prefixes', () => {
    expect(embedder.modelId).toBe('multilingual-e5-small');
    expect(embedder.dimensions).toBe(384);
    expect(embedder.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(embedder.prefixes).toEqual({ query: 'query: ', passage: 'passage: ' });
  });

  it('returns 384-dim unit vectors, the same vector for the same text', async () => {
    const [a, b] = await embedder.embedPassages([futenma, tpp]);
    const [again] = await embedder.embedPassages([futenma]);
    for (const v of [a, b]) {
      expect(v).toHaveLength(384);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
    expect(again).toEqual(a);
    expect(await embedder.embedQuery('沖縄')).toEqual(await embedder.embedQuery('沖縄'));
  });

  it('puts a Japanese and an English query about the Okinawa base nearer the 普天間 passage than the TPP one', async () => {
    const [base, trade] = await embedder.embedPassages([futenma, tpp]);
    for (const q of ['沖縄の米軍基地移転', 'Okinawa governor landfill approval']) {
      const v = await embedder.embedQuery(q);
      expect(cosine(v, base), q).toBeGreaterThan(cosine(v, trade));
    }
  });

  it('truncates long inputs to 512 tokens instead of failing', async () => {
    const long = '沖縄の普天間飛行場の辺野古移設について。'.repeat(160); // ~3000 characters, >2000 tokens
    const [v] = await embedder.embedPassages([long]);
    expect(norm(v)).toBeCloseTo(1, 5);
  });

  it('counts model calls', async () => {
    const before = { ...embedder.stats };
    await embedder.embedPassages(['a', 'b']);
    await embedder.embedPassages([]);
    await embedder.embedQuery('c');
    expect(embedder.stats).toEqual({
      passageCalls: before.passageCalls + 1,
      passagesEmbedded: before.passagesEmbedded + 2,
      queryCalls: before.queryCalls + 1,
    });
  });

  it('with batch size 4 keeps input order, each vector near its one-by-one vector', async () => {
    const texts = [
      tpp,
      '短い文。',
      futenma,
      'Okinawa',
      sampleLine('オバマ大統領を国賓'),
      '日米外相会談',
      'ケリー国務長官',
    ];
    const batched = await createLocalEmbedder({ modelDir: MODEL_DIR, batchSize: 4 });
    try {
      expect(batched.fingerprint).toBe(embedder.fingerprint);
      const together = await batched.embedPassages(texts);
      const single = await embedder.embedPassages(texts);
      together.forEach((v, i) => expect(cosine(v, single[i]), texts[i]).toBeGreaterThan(0.98));
    } finally {
      await batched.close();
    }
  });
});

describe('mean pooling', () => {
  it('gives bit for bit the vectors of transformers.js mean_pooling + normalize, padding included', () => {
    // Two rows of a padded batch: the second has two padding tokens, whose states must not count.
    const [rows, seq, dim] = [2, 5, 384];
    let seed = 7;
    const hidden = Float32Array.from(
      { length: rows * seq * dim },
      () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 4 - 2,
    );
    const mask = BigInt64Array.from([1n, 1n, 1n, 1n, 1n, 1n, 1n, 1n, 0n, 0n]);
    const expected = mean_pooling(
      new Tensor('float32', hidden, [rows, seq, dim]),
      new Tensor('int64', mask, [rows, seq]),
    ).normalize(2, -1);
    const ours = meanPoolNormalized(hidden, [rows, seq, dim], mask);
    expect(ours).toEqual([0, 1].map((i) => (expected.data as Float32Array).slice(i * dim, (i + 1) * dim)));
    expect(norm(Array.from(ours[1]))).toBeCloseTo(1, 6);
  });
});
