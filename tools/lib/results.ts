// Where a run's JSON goes: tools/bench/results/<prefix>-<timestamp>.json (git-ignored).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RESULTS_DIR, timestamp } from './paths.ts';

export function writeJson(prefix: string, data: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${prefix}-${timestamp()}.json`);
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}
