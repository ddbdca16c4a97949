import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

export interface BackupSettings {
  /** BACKUP_DIR: where POST /backups and scheduled backups write (default DATA_DIR/backups). */
  dir: string;
  /** BACKUP_INTERVAL in ms; 0: no scheduled backups. */
  intervalMs: number;
  /** BACKUP_KEEP: the newest archives kept in `dir`. */
  keep: number;
}

const NAME = /^kensaku-backup-\d{8}T\d{9}Z\.ndjson\.gz$/;

/** An archive's name in BACKUP_DIR: its time to the millisecond, so names sort as the archives were made. */
export function backupFileName(at = new Date()): string {
  return `kensaku-backup-${at.toISOString().replace(/[-:.]/g, '')}.ndjson.gz`;
}

/** The archives in `dir` (named by backupFileName; other files are not ours), newest first, with their mtimes. */
export async function listBackups(dir: string): Promise<{ file: string; mtimeMs: number }[]> {
  const names = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[];
    throw e;
  });
  const out: { file: string; mtimeMs: number }[] = [];
  for (const name of names
    .filter((n) => NAME.test(n))
    .sort()
    .reverse()) {
    const file = path.join(dir, name);
    const s = await stat(file).catch(() => null);
    if (s) out.push({ file, mtimeMs: s.mtimeMs });
  }
  return out;
}

/** Removes all but the newest `keep` archives in `dir`; returns what it removed. */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  const old = (await listBackups(dir)).slice(keep).map((b) => b.file);
  for (const file of old) await rm(file, { force: true });
  return old;
}
