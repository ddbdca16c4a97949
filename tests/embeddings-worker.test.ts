import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KensakuError } from '../errors/kensaku-error.ts';
import { createLocalEmbedder } from '../embeddings/local.ts';
import type { CountingEmbedder } from '../embeddings/types.ts';
import { createWorkerEmbedder } from '../embeddings/worker-embedder.ts';
import { MODEL_DIR, linkedModelCopy, sampleLine, tempDir, removeTempDirs } from './helpers/embed-model.ts';

afterAll(removeTempDirs);

const texts = [sampleLine('辺野古'), sampleLine('TPPは日米同盟'), 'Okinawa governor landfill approval'];

describe('worker embedder (TypeScript worker loaded through tsx, under vitest)', () => {
  let inWorker: CountingEmbedder;
  let inProcess: CountingEmbedder;
  beforeAll(async () => {
    [inWorker, inProcess] = await Promise.all([
      createWorkerEmbedder({ modelDir: MODEL_DIR }),
      createLocalEmbedder({ modelDir: MODEL_DIR }),
    ]);
  });
  afterAll(async () => {
    await inWorker?.close();
    await inProcess?.close();
  });

  it('describes the same model as the in-process embedder', () => {
    expect([inWorker.modelId, inWorker.dimensions, inWorker.fingerprint]).toEqual([
      inProcess.modelId,
      384,
      inProcess.fingerprint,
    ]);
    expect(inWorker.prefixes).toEqual(inProcess.prefixes);
  });

  it('gives identical vectors and counts its calls', async () => {
    expect(await inWorker.embedPassages(texts)).toEqual(await inProcess.embedPassages(texts));
    expect(await inWorker.embedQuery('沖縄の米軍基地移転')).toEqual(await inProcess.embedQuery('沖縄の米軍基地移転'));
    expect(await inWorker.embedPassages([])).toEqual([]);
    expect(inWorker.stats).toEqual({ passageCalls: 1, passagesEmbedded: 3, queryCalls: 1 });
  });

  it('serves concurrent requests, each with its own answer', async () => {
    const [a, b, c] = await Promise.all([
      inWorker.embedQuery('沖縄'),
      inWorker.embedPassages(texts.slice(0, 2)),
      inWorker.embedQuery('TPP'),
    ]);
    expect(a).toEqual(await inProcess.embedQuery('沖縄'));
    expect(b).toEqual(await inProcess.embedPassages(texts.slice(0, 2)));
    expect(c).toEqual(await inProcess.embedQuery('TPP'));
  });
});

describe('worker embedder failures', () => {
  it('passes a model error through with its code', async () => {
    const e = await createWorkerEmbedder({ modelDir: tempDir() }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(KensakuError);
    expect((e as KensakuError).code).toBe('model_not_found');
    const broken = linkedModelCopy({ 'onnx/model_quantized.onnx': 'garbage' });
    expect(await createWorkerEmbedder({ modelDir: broken }).catch((err: KensakuError) => err.code)).toBe(
      'model_not_found',
    );
  });

  it('closed mid-inference, finishes the texts already sent, then rejects with embeddings_unavailable', async () => {
    const embedder = await createWorkerEmbedder({ modelDir: MODEL_DIR });
    const inFlight = Promise.all(texts.map((t) => embedder.embedPassages([t.repeat(4)])));
    const closed = embedder.close();
    // Terminated while ONNX Runtime ran, the worker took the whole process down (SIGABRT, seen on a shutdown).
    expect((await inFlight).map((v) => v[0].length)).toEqual([384, 384, 384]);
    await closed;
    const e = await embedder.embedQuery('x').then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(KensakuError);
    expect((e as KensakuError).code).toBe('embeddings_unavailable');
  });
});
