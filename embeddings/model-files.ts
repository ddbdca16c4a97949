import fs from 'node:fs';
import path from 'node:path';
import type { ModelDtype } from './types.ts';

/** The ONNX file transformers.js loads for a dtype, relative to the model folder. */
export function onnxFileFor(dtype: ModelDtype): string {
  return dtype === 'q8' ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';
}

/** Files a folder needs to count as a model; also what the fingerprint hashes. */
export function requiredModelFiles(dtype: ModelDtype): string[] {
  return [onnxFileFor(dtype), 'tokenizer.json', 'config.json'];
}

/** Required files missing from `dir` (all of them when the folder does not exist). */
export function missingModelFiles(dir: string, dtype: ModelDtype): string[] {
  return requiredModelFiles(dtype).filter((f) => !isFile(path.join(dir, f)));
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
