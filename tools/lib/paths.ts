import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Project root (the folder holding package.json). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BENCH_DIR = path.join(ROOT, 'tools', 'bench');
export const RESULTS_DIR = path.join(BENCH_DIR, 'results');
export const SHARED = path.resolve(ROOT, '..', 'shared');
export const MODEL_DIR = path.join(SHARED, 'models', 'multilingual-e5-small');
export const ONNX_FILE = path.join(MODEL_DIR, 'onnx', 'model_quantized.onnx');
export const JSQUAD_DIR = path.join(SHARED, 'eval', 'jsquad-valid');
export const SAMPLE_DOC = path.join(SHARED, 'corpus', 'japan-us-foreign-ministers-2014-02-07.txt');
export const VENV_PYTHON = path.join(BENCH_DIR, '.venv', 'bin', 'python');
export const ANCHORS_PY = path.join(BENCH_DIR, 'anchors', 'anchors.py');
export const ANCHORS_SETUP = path.join(BENCH_DIR, 'anchors', 'setup.sh');

/** `2025-11-26T01-02-03Z`: sortable, safe in file names. */
export function timestamp(d = new Date()): string {
  return d
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
}
