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

interface RunMeili {
  meili: MeiliProcess;
  version: string;
  dataDir: string;
  tmpRoot: string;
  users: number;
}

// Vitest calls this once per project that has files in the run (integration, process, browser), each time through a
// fresh module instance, but all in the one main process: the run's Meilisearch is kept on globalThis so the projects
// share it, and the last teardown stops it.
const KEY = Symbol.for('kensaku.test.meili');
const shared = globalThis as { [KEY]?: Promise<RunMeili> };

async function start(): Promise<RunMeili> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kensaku-test-meili-'));
  const tmpRoot = mkdtempSync(path.join(tmpdir(), 'kensaku-test-run-'));
  const binary = await findMeiliBinary({ dataDir });
  const meili = await startMeilisearch({ binary: binary.path, dataDir });
  return { meili, version: binary.version, dataDir, tmpRoot, users: 0 };
}

/** One real Meilisearch per test run, in a temp dir, on a free port; always stopped, and the temp dirs removed. */
export default async function setup(project: TestProject) {
  shared[KEY] ??= start();
  const run = await shared[KEY];
  run.users++;
  project.provide('meiliUrl', run.meili.url);
  project.provide('meiliKey', run.meili.masterKey);
  project.provide('meiliVersion', run.version);
  project.provide('tmpRoot', run.tmpRoot);
  return async () => {
    if (--run.users > 0) return;
    delete shared[KEY];
    await run.meili.stop();
    rmSync(run.dataDir, { recursive: true, force: true });
    rmSync(run.tmpRoot, { recursive: true, force: true });
  };
}
