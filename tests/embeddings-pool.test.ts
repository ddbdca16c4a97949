import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.ts';
import { KensakuError } from '../errors/kensaku-error.ts';
import { createLocalEmbedder } from '../embeddings/local.ts';
import type { CountingEmbedder } from '../embeddings/types.ts';
import { createWorkerPool } from '../embeddings/worker-pool.ts';
import { loadEmbedder } from '../service/embedder-setup.ts';
import { resolveSettings } from '../service/settings.ts';
import { MODEL_DIR, linkedModelCopy, removeTempDirs, sampleLine, tempDir } from './helpers/embed-model.ts';

afterAll(removeTempDirs);

const texts = [
  sampleLine('辺野古'),
  sampleLine('TPPは日米同盟'),
  'Okinawa governor landfill approval',
  '短い',
  sampleLine('拉致問題'),
  'Okinawa governor landfill approval', // a repeat gets the same vector at both places
];

describe('indexing worker pool (texts in parallel, one per inference)', () => {
  let pool: CountingEmbedder;
  let inProcess: CountingEmbedder;
  beforeAll(async () => {
    // One thread per worker against two threads in process: the vectors must not depend on it.
    [pool, inProcess] = await Promise.all([
      createWorkerPool({ modelDir: MODEL_DIR, workers: 2, threads: 1, spin: false }),
      createLocalEmbedder({ modelDir: MODEL_DIR, threads: 2 }),
    ]);
  });
  afterAll(async () => {
    await pool?.close();
    await inProcess?.close();
  });

  it('says how many texts it embeds at once and describes the same model', () => {
    expect(pool.parallelism).toBe(2);
    expect([pool.modelId, pool.dimensions, pool.fingerprint]).toEqual([inProcess.modelId, 384, inProcess.fingerprint]);
  });

  it('gives every text the vector the in-process embedder gives it, in input order', async () => {
    const vectors = await pool.embedPassages(texts);
    expect(vectors).toEqual(await inProcess.embedPassages(texts));
    expect(vectors[5]).toEqual(vectors[2]);
    expect(pool.stats).toEqual({ passageCalls: 1, passagesEmbedded: texts.length, queryCalls: 0 });
  });

  it('answers concurrent calls each with their own vectors', async () => {
    const [a, b, c] = await Promise.all([
      pool.embedPassages(texts.slice(0, 3)),
      pool.embedQuery('沖縄の基地'),
      pool.embedPassages(texts.slice(3)),
    ]);
    expect(a).toEqual(await inProcess.embedPassages(texts.slice(0, 3)));
    expect(b).toEqual(await inProcess.embedQuery('沖縄の基地'));
    expect(c).toEqual(await inProcess.embedPassages(texts.slice(3)));
  });
});

describe('indexing worker pool failures', () => {
  it('fails to load with the model error when a worker cannot load the model', async () => {
    const broken = linkedModelCopy({ 'onnx/model_quantized.onnx': 'garbage' });
    const e = await createWorkerPool({ modelDir: broken, workers: 2 }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(KensakuError);
    expect((e as KensakuError).code).toBe('model_not_found');
  });

  it('rejects with embeddings_unavailable once closed', async () => {
    const pool = await createWorkerPool({ modelDir: MODEL_DIR, workers: 2, threads: 1 });
    await pool.close();
    const e = await pool.embedPassages(texts).catch((err: unknown) => err);
    expect((e as KensakuError).code).toBe('embeddings_unavailable');
  });
});

describe('embedder layout from config', () => {
  const embedders = (env: Record<string, string> = {}) =>
    resolveSettings(loadConfig({ DATA_DIR: tempDir(), EMBED_MODEL_DIR: MODEL_DIR, EMBED_DOWNLOAD: 'off', ...env }))
      .embedders;
  const parallelismOf = async (role: 'index' | 'backgroundIndex', env?: Record<string, string>) => {
    const embedder = await loadEmbedder({ ...embedders(env)[role], diskCache: false });
    try {
      return embedder.parallelism ?? 1;
    } finally {
      await embedder.close();
    }
  };

  it('commands embed on every core; the server indexes on one, leaving the rest to searches, unless configured', async () => {
    expect(await parallelismOf('index')).toBe(availableParallelism());
    expect(await parallelismOf('backgroundIndex')).toBe(1);
    expect(await parallelismOf('backgroundIndex', { EMBED_INDEX_WORKERS: '2' })).toBe(2);
  });

  it("the server's query embedder leaves the event loop free while a query embeds; EMBED_WORKER=off blocks it", async () => {
    const turnsWhileEmbedding = async (env: Record<string, string>) => {
      const embedder = await loadEmbedder(embedders(env).query);
      try {
        await embedder.embedQuery('warm up');
        let turns = 0;
        let embedding = true;
        const turn = () => embedding && (turns++, setImmediate(turn));
        setImmediate(turn);
        await embedder.embedQuery(sampleLine('普天間').repeat(8));
        embedding = false;
        return turns;
      } finally {
        await embedder.close();
      }
    };
    // Other requests get the loop thousands of times during one inference on a worker; in process, ONNX Runtime's
    // run holds it from start to end.
    expect(await turnsWhileEmbedding({})).toBeGreaterThan(100);
    expect(await turnsWhileEmbedding({ EMBED_WORKER: 'off' })).toBeLessThan(5);
  });
});

describe('query cache size from config', () => {
  const modelCallsForRepeats = async (env: Record<string, string>) => {
    const config = loadConfig({
      DATA_DIR: tempDir(),
      EMBED_MODEL_DIR: MODEL_DIR,
      EMBED_DOWNLOAD: 'off',
      EMBED_WORKER: 'off',
      ...env,
    });
    const embedder = await loadEmbedder(resolveSettings(config).embedders.query);
    try {
      const vectors = [];
      for (let i = 0; i < 3; i++) vectors.push(await embedder.embedQuery('会談はどこで行われたか'));
      expect(vectors[2]).toEqual(vectors[0]); // one text per call: the same vector either way
      return embedder.stats.queryCalls;
    } finally {
      await embedder.close();
    }
  };

  it('answers a repeated query from memory by default; EMBED_QUERY_CACHE=0 embeds it every time', async () => {
    expect(await modelCallsForRepeats({})).toBe(1);
    expect(await modelCallsForRepeats({ EMBED_QUERY_CACHE: '0' })).toBe(3);
  });

  it('rejects a negative cache size as a config error', () => {
    expect(() => loadConfig({ EMBED_QUERY_CACHE: '-1' })).toThrow(/EMBED_QUERY_CACHE/);
  });
});
