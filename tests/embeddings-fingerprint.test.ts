import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintModel } from '../embeddings/fingerprint.ts';
import { MODEL_DIR, linkedModelCopy, tempDir, removeTempDirs } from './helpers/embed-model.ts';

afterAll(removeTempDirs);

describe('model fingerprint', () => {
  it('comes from the files, not the folder name', async () => {
    const real = await fingerprintModel(MODEL_DIR, 'q8');
    expect(real).toMatch(/^[0-9a-f]{16}$/);
    const renamed = linkedModelCopy({}, path.join(tempDir(), 'some-other-name'));
    expect(await fingerprintModel(renamed, 'q8')).toBe(real);
  });

  it('changes when a file changes', async () => {
    const real = await fingerprintModel(MODEL_DIR, 'q8');
    const config = JSON.parse(fs.readFileSync(path.join(MODEL_DIR, 'config.json'), 'utf8'));
    const edited = linkedModelCopy({ 'config.json': JSON.stringify({ ...config, layer_norm_eps: 1e-5 }) });
    expect(await fingerprintModel(edited, 'q8')).not.toBe(real);
  });

  it('includes the dtype', async () => {
    // Same bytes offered as the fp32 file: a different model as far as vectors go.
    const dir = linkedModelCopy();
    fs.symlinkSync(path.join(MODEL_DIR, 'onnx/model_quantized.onnx'), path.join(dir, 'onnx/model.onnx'));
    expect(await fingerprintModel(dir, 'fp32')).not.toBe(await fingerprintModel(dir, 'q8'));
  });
});
