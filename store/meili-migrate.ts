import { cpSync, existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { KensakuError, errorMessage } from '../errors/kensaku-error.ts';
import { startMeilisearch, type MeiliProcess } from './meili-process.ts';
import { DUMPLESS_UPGRADE_FROM, compareVersions, dbPathOf, readDataVersion } from './meili-version.ts';

export interface MeiliBinary {
  path: string;
  version: string;
}

export interface MigrateOptions {
  /** A data folder this process has claimed (store/data-dir-owner.ts): nothing else runs on it. */
  dataDir: string;
  /** The binary kensaku starts: the database is made to its version. */
  binary: MeiliBinary;
  /** A binary of the database's own version: the data is dumped with it and imported with `binary`. Unset: Meilisearch's dumpless upgrade. */
  fromBinary?: MeiliBinary;
  /** How long a start may take; an import runs before Meilisearch answers, so give it the corpus's indexing time. */
  startTimeoutMs: number;
  log: (line: string) => void;
}

export interface MigrateResult {
  from: string;
  to: string;
  method: 'dumpless' | 'dump';
  /** The old database, kept untouched beside the new one. */
  kept: string;
}

/**
 * Brings DATA_DIR's database to the binary's Meilisearch version. The old database is kept (`data.ms.v<old>`), so
 * a failure puts it back and a success can be undone by hand. With `fromBinary`: a dump made by the old version,
 * imported by the new one (any version to any later one). Without: the new binary upgrades the database in place
 * (`--experimental-dumpless-upgrade`, from 1.12 on), on a copy's safety net, because that upgrade cannot be rolled back.
 */
export async function migrateDataDir(options: MigrateOptions): Promise<MigrateResult> {
  const { dataDir, binary, fromBinary, log } = options;
  const dbPath = dbPathOf(dataDir);
  const from = readDataVersion(dataDir);
  if (from === null)
    throw new KensakuError('invalid_request', `DATA_DIR=${dataDir} holds no Meilisearch database: nothing to migrate`);
  if (compareVersions(from, binary.version) === 0)
    throw new KensakuError('invalid_request', `DATA_DIR=${dataDir} is already Meilisearch ${from}: nothing to migrate`);
  if (compareVersions(from, binary.version) > 0)
    throw new KensakuError(
      'meilisearch_version_mismatch',
      `DATA_DIR=${dataDir} holds a Meilisearch ${from} database, newer than the binary (${binary.version}): Meilisearch cannot migrate down; set MEILI_BIN to a Meilisearch ${from} binary`,
    );
  if (fromBinary && fromBinary.version !== from)
    throw new KensakuError(
      'invalid_request',
      `--from-bin ${fromBinary.path} is Meilisearch ${fromBinary.version}, but the database is ${from}: give a ${from} binary`,
    );
  if (!fromBinary && compareVersions(from, DUMPLESS_UPGRADE_FROM) < 0)
    throw new KensakuError(
      'invalid_request',
      `Meilisearch ${from} databases cannot be upgraded in place (only from ${DUMPLESS_UPGRADE_FROM} on): give --from-bin <a Meilisearch ${from} binary> to migrate through a dump`,
    );
  const kept = `${dbPath}.v${from}`;
  if (existsSync(kept))
    throw new KensakuError(
      'invalid_request',
      `${kept} exists (an earlier migration's copy of the old database): move it away first`,
    );
  const base = { dataDir, startTimeoutMs: options.startTimeoutMs };

  if (fromBinary) {
    log(`dumping the Meilisearch ${from} database with ${fromBinary.path}`);
    const old = await startMeilisearch({ ...base, binary: fromBinary.path });
    let dump: string;
    try {
      dump = await createDump(old, path.join(dataDir, 'meili', 'dumps'));
    } finally {
      await old.stop();
    }
    renameSync(dbPath, kept);
    log(`importing ${dump} with Meilisearch ${binary.version} (the old database is kept at ${kept})`);
    await startAndCheck({ ...base, binary: binary.path, extraArgs: ['--import-dump', dump] }, kept);
    return { from, to: binary.version, method: 'dump', kept };
  }

  log(`copying the Meilisearch ${from} database to ${kept}, then upgrading it in place to ${binary.version}`);
  cpSync(dbPath, kept, { recursive: true, preserveTimestamps: true });
  await startAndCheck({ ...base, binary: binary.path, extraArgs: ['--experimental-dumpless-upgrade'] }, kept);
  return { from, to: binary.version, method: 'dumpless', kept };
}

/** Starts the new binary on the folder, waits for its upgrade task, stops it; on failure puts `kept` back. */
async function startAndCheck(start: Parameters<typeof startMeilisearch>[0], kept: string): Promise<void> {
  let proc: MeiliProcess | undefined;
  try {
    proc = await startMeilisearch(start);
    await waitUpgradeTasks(proc);
    await proc.stop();
    proc = undefined;
    if (readDataVersion(start.dataDir) === null)
      throw new KensakuError('internal', 'Meilisearch stopped without writing a database');
  } catch (e) {
    await proc?.stop();
    const dbPath = dbPathOf(start.dataDir);
    rmSync(dbPath, { recursive: true, force: true });
    renameSync(kept, dbPath);
    throw new KensakuError(
      'internal',
      `migration failed, the old database is back in place: ${errorMessage(e)} (see DATA_DIR/meili/meilisearch.log)`,
    );
  }
}

async function call<T>(proc: MeiliProcess, method: string, route: string): Promise<T> {
  const res = await fetch(`${proc.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${proc.masterKey}` },
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface MeiliTask {
  uid: number;
  status: string;
  error?: { message: string } | null;
  details?: { dumpUid?: string };
}

async function waitTask(proc: MeiliProcess, uid: number): Promise<MeiliTask> {
  for (;;) {
    const task = await call<MeiliTask>(proc, 'GET', `/tasks/${uid}`);
    if (task.status === 'succeeded') return task;
    if (task.status === 'failed' || task.status === 'canceled')
      throw new Error(`Meilisearch task ${uid} ${task.status}: ${task.error?.message ?? 'no detail'}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function createDump(proc: MeiliProcess, dumpDir: string): Promise<string> {
  const { taskUid } = await call<{ taskUid: number }>(proc, 'POST', '/dumps');
  const task = await waitTask(proc, taskUid);
  const file = path.join(dumpDir, `${task.details?.dumpUid}.dump`);
  if (!existsSync(file)) throw new KensakuError('internal', `Meilisearch made dump ${file}, but it is not there`);
  return file;
}

/** A dumpless upgrade runs as an `upgradeDatabase` task; until it succeeds the database is not usable. */
async function waitUpgradeTasks(proc: MeiliProcess): Promise<void> {
  const { results } = await call<{ results: MeiliTask[] }>(proc, 'GET', '/tasks?types=upgradeDatabase');
  for (const task of results) await waitTask(proc, task.uid);
}
