import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KensakuError } from '../errors/kensaku-error.ts';
import { createLocalEmbedder } from '../embeddings/local.ts';
import { locateModel, type LocateModelOptions } from '../embeddings/model-locator.ts';
import { MODEL_DIR, linkedModelCopy, tempDir, removeTempDirs } from './helpers/embed-model.ts';

afterAll(removeTempDirs);

function options(over: Partial<LocateModelOptions> = {}): LocateModelOptions {
  return {
    model: 'multilingual-e5-small',
    projectRoot: path.join(tempDir(), 'app'),
    dataDir: tempDir(),
    download: false,
    dtype: 'q8',
    ...over,
  };
}

async function rejection(p: Promise<unknown>): Promise<KensakuError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(KensakuError);
  return e as KensakuError;
}

describe('locateModel', () => {
  it('finds the shared copy next to the project', async () => {
    const projectRoot = path.resolve(MODEL_DIR, '../../../main-like');
    const found = await locateModel(options({ projectRoot }));
    expect(found).toEqual({ dir: MODEL_DIR, name: 'multilingual-e5-small', source: 'shared' });
  });

  it('prefers EMBED_MODEL_DIR and names a folder the project holds', async () => {
    const dir = linkedModelCopy();
    expect((await locateModel(options({ modelDir: dir }))).source).toBe('EMBED_MODEL_DIR');
    const projectRoot = tempDir();
    linkedModelCopy({}, path.join(projectRoot, 'models', 'multilingual-e5-small'));
    expect((await locateModel(options({ projectRoot }))).source).toBe('project');
  });

  it('lists every place looked and how to fix it', async () => {
    const o = options();
    const e = await rejection(locateModel(o));
    expect(e.code).toBe('model_not_found');
    expect(e.message).toContain(path.join(o.projectRoot, 'models', 'multilingual-e5-small'));
    expect(e.message).toContain(path.resolve(o.projectRoot, '..', 'shared', 'models', 'multilingual-e5-small'));
    expect(e.message).toContain(path.join(o.dataDir, 'models', 'Xenova', 'multilingual-e5-small'));
    expect(e.message).toContain('EMBED_MODEL_DIR');
    expect(e.message).toContain('EMBED_DOWNLOAD=on');
  });

  it('reports an incomplete EMBED_MODEL_DIR by its missing files', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'config.json'), '{}');
    const e = await rejection(locateModel(options({ modelDir: dir })));
    expect(e.message).toContain(`${dir} (missing onnx/model_quantized.onnx, tokenizer.json)`);
  });

  it('downloads into <dataDir>/models/<hub id> when allowed, and says why a download failed', async () => {
    const o = options({ download: true });
    const found = await locateModel({
      ...o,
      downloader: async (hubId, cacheDir) => void linkedModelCopy({}, path.join(cacheDir, hubId)),
    });
    expect(found).toEqual({
      dir: path.join(o.dataDir, 'models', 'Xenova', 'multilingual-e5-small'),
      name: 'multilingual-e5-small',
      source: 'downloaded',
    });

    const e = await rejection(
      locateModel({
        ...options({ download: true }),
        downloader: async () => {
          throw new Error('getaddrinfo ENOTFOUND huggingface.co');
        },
      }),
    );
    expect(e.message).toContain('download of Xenova/multilingual-e5-small');
    expect(e.message).toContain('ENOTFOUND');
  });
});

describe('createLocalEmbedder on a broken model', () => {
  it('rejects with model_not_found when the ONNX file is garbage', async () => {
    const dir = linkedModelCopy({ 'onnx/model_quantized.onnx': Buffer.from('definitely not protobuf'.repeat(100)) });
    const e = await rejection(createLocalEmbedder({ modelDir: dir }));
    expect(e.code).toBe('model_not_found');
    expect(e.message).toContain(dir);
  });

  it('rejects with model_not_found when files are missing', async () => {
    const e = await rejection(createLocalEmbedder({ modelDir: tempDir() }));
    expect(e.code).toBe('model_not_found');
    expect(e.message).toContain('tokenizer.json');
  });
});
