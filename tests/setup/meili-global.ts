import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { findMeiliBinary } from '../../store/meili-binary.ts';
import { startMeilisearch, type MeiliProcess } from '../../store/meili-process.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    meiliUrl: string;
    meiliKey: string;
    meiliVersion: string;
    /** A temp dir for the run's data dirs, removed with Meilisearch's at the end. */
    tmpRoot: string;
  }
}

/** One real Meilisearch per test run, in a temp dir, on a free port; always stopped, and the temp dirs removed. */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kensaku-test-meili-'));
  const tmpRoot = mkdtempSync(path.join(tmpdir(), 'kensaku-test-run-'));
  const binary = await findMeiliBinary({ dataDir });
  const meili: MeiliProcess = await startMeilisearch({ binary: binary.path, dataDir });
  project.provide('meiliUrl', meili.url);
  project.provide('meiliKey', meili.masterKey);
  project.provide('meiliVersion', binary.version);
  project.provide('tmpRoot', tmpRoot);
  return async () => {
    await meili.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(tmpRoot, { recursive: true, force: true });
  };
}
