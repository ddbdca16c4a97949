import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { requiredModelFiles } from './model-files.ts';
import type { ModelDtype } from './types.ts';

// Hashing the 118 MB ONNX file takes a few hundred ms; remember digests while the file is unchanged.
const fileDigests = new Map<string, Promise<string>>();

/**
 * Identity of a model folder from its files' content and the dtype, never its name: two folders
 * holding the same files agree, and editing any file (or switching dtype) changes the result.
 */
export async function fingerprintModel(dir: string, dtype: ModelDtype): Promise<string> {
  const hash = createHash('sha256').update(`kensaku-model-v1\0${dtype}\0`);
  for (const file of requiredModelFiles(dtype)) {
    hash.update(`${file}\0${await digestFile(path.join(dir, file))}\0`);
  }
  return hash.digest('hex').slice(0, 16);
}

async function digestFile(file: string): Promise<string> {
  const real = await fs.promises.realpath(file);
  const st = await fs.promises.stat(real);
  const key = `${real}\0${st.size}\0${st.mtimeMs}`;
  let digest = fileDigests.get(key);
  if (!digest) {
    digest = streamDigest(real);
    fileDigests.set(key, digest);
    digest.catch(() => fileDigests.delete(key));
  }
  return digest;
}

async function streamDigest(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk);
  return hash.digest('hex');
}

/** Short hex hash of a remote model's identity (OpenAI-compatible providers). */
export function fingerprintOf(...parts: Array<string | number>): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 16);
}
