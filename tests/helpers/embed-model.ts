import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real int8 multilingual-e5-small shared by the machines (see its SOURCE.md). */
export const MODEL_DIR = fileURLToPath(new URL('../../../shared/models/multilingual-e5-small', import.meta.url));

const samplePath = fileURLToPath(new URL('../../corpus/japan-us-foreign-ministers-2014-02-07.txt', import.meta.url));

/** Lines of the 2014 Japan–US foreign ministers' meeting summary. */
export function sampleLine(containing: string): string {
  const line = fs
    .readFileSync(samplePath, 'utf8')
    .split('\n')
    .find((l) => l.includes(containing));
  if (!line) throw new Error(`no sample line contains ${containing}`);
  return line.trim();
}

const created: string[] = [];

export function tempDir(prefix = 'kensaku-embed-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Call from afterAll: removes every folder tempDir made in this test file. */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A folder of symlinks to the real model's files, so tests can vary one file cheaply. */
export function linkedModelCopy(overrides: Record<string, string | Buffer> = {}, dir = tempDir()): string {
  fs.mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx']) {
    const target = path.join(dir, file);
    if (file in overrides) fs.writeFileSync(target, overrides[file]);
    else fs.symlinkSync(path.join(MODEL_DIR, file), target);
  }
  return dir;
}

export function norm(v: number[]): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}
