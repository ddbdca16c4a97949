import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MODEL_DIR } from './service.ts';

const FILES = [
  'config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'onnx/model_quantized.onnx',
];

/**
 * A model folder in a temp dir that links to the real model's files except the ones given, which are written
 * with the given content: a damaged download, or a re-export with another fingerprint. Caller removes `root`.
 */
export function variantModelDir(replace: Record<string, string>): { dir: string; root: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'kensaku-model-variant-'));
  const dir = path.join(root, 'multilingual-e5-small');
  mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  for (const f of FILES) {
    if (f in replace) writeFileSync(path.join(dir, f), replace[f]);
    else symlinkSync(path.join(MODEL_DIR, f), path.join(dir, f));
  }
  return { dir, root };
}
