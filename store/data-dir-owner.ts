import {
  closeSync,
  mkdirSync,
  rmdirSync,
  openSync,
  statSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { KensakuError } from '../errors/kensaku-error.ts';

/** What the owner of a data folder records: who it is, and where its Meilisearch answers once started. */
export interface DataDirOwner {
  pid: number;
  /** /proc/<pid>/stat's start time: a reused pid is not the owner. */
  startTime: string;
  /** The command that owns it (`serve`, `index`...), for messages. */
  command: string;
  /** Set once the owner's Meilisearch answers. */
  url?: string;
}

export type ClaimResult =
  | { claimed: true; release(): void; publish(url: string): void }
  | { claimed: false; owner: DataDirOwner };

/** `<dataDir>/meili-owner.json`: beside the master key, mode 0600 like it. */
export const ownerFile = (dataDir: string) => path.join(dataDir, 'meili-owner.json');

/**
 * Claims a data folder for this process: the owner file is created with O_EXCL, so one claimant wins. A file whose
 * process is gone (pid dead, or reused by another process) is stale and taken over; a dead owner holds nothing.
 */
export async function claimDataDir(dataDir: string, command: string): Promise<ClaimResult> {
  mkdirSync(dataDir, { recursive: true });
  const file = ownerFile(dataDir);
  const me: DataDirOwner = { pid: process.pid, startTime: startTimeOf(process.pid) ?? '', command };
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      try {
        writeFileSync(fd, JSON.stringify(me));
      } finally {
        closeSync(fd);
      }
      return {
        claimed: true,
        publish(url) {
          // Written aside then renamed: a reader sees the old record or the new, never half of one.
          const tmp = `${file}.${process.pid}.tmp`;
          writeFileSync(tmp, JSON.stringify({ ...me, url }), { mode: 0o600 });
          renameSync(tmp, file);
        },
        release() {
          const now = readOwner(dataDir);
          if (now && now.pid === me.pid && now.startTime === me.startTime) unlinkQuiet(file);
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = readOwner(dataDir);
    if (owner && isAlive(owner)) return { claimed: false, owner };
    // Unreadable and young: a claimant between its create and its write. Unreadable and old: it died there.
    if (owner === null && Date.now() - mtimeMs(file) < 5000) {
      await new Promise((r) => setTimeout(r, 50));
      continue;
    }
    if (!removeStale(dataDir, owner)) await new Promise((r) => setTimeout(r, 50));
  }
  throw new KensakuError('data_dir_in_use', `cannot claim ${file} within 10 s: its record keeps changing`);
}

/**
 * Removes the record judged stale, under a takeover mutex (a directory): between the re-read and the unlink no other
 * taker can remove it, so no claimant can have replaced it, and a live owner's record is never the one removed.
 * False when another taker holds the mutex.
 */
function removeStale(dataDir: string, judged: DataDirOwner | null): boolean {
  const file = ownerFile(dataDir);
  const mutex = `${file}.takeover`;
  try {
    mkdirSync(mutex);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // Held only for a few synchronous calls: one older than 10 s was left by a taker that died holding it.
    if (Date.now() - mtimeMs(mutex) > 10_000) rmdirQuiet(mutex);
    return false;
  }
  try {
    const now = readOwner(dataDir);
    if (JSON.stringify(now) === JSON.stringify(judged)) unlinkQuiet(file);
  } finally {
    rmdirQuiet(mutex);
  }
  return true;
}

/** The recorded owner, or null when there is none (or its record is unreadable). */
export function readOwner(dataDir: string): DataDirOwner | null {
  try {
    const owner = JSON.parse(readFileSync(ownerFile(dataDir), 'utf8')) as DataDirOwner;
    return typeof owner.pid === 'number' ? owner : null;
  } catch {
    return null;
  }
}

/** The same process as the one recorded: its pid runs and started when it did. */
export function isAlive(owner: DataDirOwner): boolean {
  const start = startTimeOf(owner.pid);
  return start !== null && start === owner.startTime;
}

/** Field 22 of /proc/<pid>/stat (clock ticks since boot); null when the process is gone or a zombie. */
export function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return null;
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/** Pids of running Meilisearch processes whose `--db-path` is `dbPath` (zombies have no command line). */
export function meilisearchOn(dbPath: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const at = args.indexOf('--db-path');
      if (at >= 0 && args[at + 1] === dbPath && args.some((a) => path.basename(a).startsWith('meilisearch')))
        pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/**
 * Stops Meilisearch processes left on `dbPath` by a dead owner (its parent-death signal may not have landed yet):
 * waits for them to go, SIGTERM after `graceMs`, SIGKILL after twice that. Only a claimed folder's owner calls it.
 */
export async function stopOrphans(dbPath: string, graceMs = 2000): Promise<number[]> {
  const found = meilisearchOn(dbPath);
  const started = Date.now();
  for (let left = found; left.length > 0; left = meilisearchOn(dbPath)) {
    const waited = Date.now() - started;
    if (waited > graceMs) for (const pid of left) signal(pid, waited > 2 * graceMs ? 'SIGKILL' : 'SIGTERM');
    if (waited > 30_000)
      throw new KensakuError('data_dir_in_use', `Meilisearch (pid ${left.join(', ')}) on ${dbPath} will not stop`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return found;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  if (!(pid > 0)) return;
  try {
    process.kill(pid, sig);
  } catch {
    // gone
  }
}

function mtimeMs(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function rmdirQuiet(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // already gone
  }
}

function unlinkQuiet(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
