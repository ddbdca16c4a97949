import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';

const TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system, all threads) a process has used so far; NaN when it is gone. */
export function cpuSeconds(pid: number): number {
  return statCpuSeconds(`/proc/${pid}/stat`);
}

/** CPU seconds each thread of a process has used so far, by thread id. */
export function threadCpuSeconds(pid: number): Map<string, number> {
  const task = `/proc/${pid}/task`;
  return new Map(readdirSync(task).map((tid) => [tid, statCpuSeconds(`${task}/${tid}/stat`)]));
}

// A process's or a thread's stat file: utime and stime are fields 14 and 15, after the command name in parentheses.
function statCpuSeconds(file: string): number {
  try {
    const stat = readFileSync(file, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return NaN;
  }
}

/** VmHWM (peak RSS) and VmRSS in MiB from /proc/<pid>/status. */
export function memoryMiB(pid: number): { peakRss: number; rss: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { peakRss: kb('VmHWM') / 1024, rss: kb('VmRSS') / 1024 };
  } catch {
    return { peakRss: NaN, rss: NaN };
  }
}

/** RSS split in MiB: anonymous (heap) and file-backed (e.g. Meilisearch's memory-mapped index). */
export function rssPartsMiB(pid: number): { anon: number; file: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { anon: kb('RssAnon') / 1024, file: kb('RssFile') / 1024 };
  } catch {
    return { anon: NaN, file: NaN };
  }
}

/** Resets VmHWM to the current RSS (Linux clear_refs 5), so the next peak read covers only what follows. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Direct children of a process (every thread's children file). */
export function childPids(pid: number): number[] {
  const out = new Set<number>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      for (const p of text.split(/\s+/).filter(Boolean)) out.add(Number(p));
    }
  } catch {
    // gone
  }
  return [...out];
}

export function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/** The Meilisearch child of `parent` whose --db-path lies under `dataDir` (setpriv execs into it: same pid). */
export function findMeiliPid(parent: number, dataDir?: string): number | undefined {
  for (const pid of childPids(parent)) {
    const args = cmdline(pid);
    if (!args.some((a) => a.includes('meilisearch'))) continue;
    if (!dataDir || args.some((a) => a.startsWith(dataDir))) return pid;
  }
  return undefined;
}

/** 1-minute load average: printed with results so a reader can judge how noisy the machine was. */
export function loadAverage(): number[] {
  return os.loadavg().map((x) => Math.round(x * 100) / 100);
}

/** CPU seconds of this process (all threads, workers included). */
export function selfCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Bytes of the files under a folder (an index's data dir). */
export function dirBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += dirBytes(p);
    else if (e.isFile()) total += statSync(p).size;
  }
  return total;
}
