// The one way tests, bench and soak run `kensaku serve` (or any of our servers) as a child process: spawn it with an
// env, capture its output (memory, optionally a file), wait for /health with a bound, and stop it by pid — SIGTERM,
// then SIGKILL after a grace. Meilisearch is started by store/meili-process.ts (re-exported here), the same code
// kensaku uses for its embedded one.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../../store/free-port.ts';
import { ROOT } from './paths.ts';

export { freePort };
export { findMeiliBinary } from '../../store/meili-binary.ts';
export { startMeilisearch, type MeiliProcess, type MeiliProcessOptions } from '../../store/meili-process.ts';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildOptions {
  /** Names the process in errors. */
  name: string;
  /** Arguments to `node` (process.execPath). */
  args: string[];
  /** Added over PATH and HOME only, or over this process's env with `inheritEnv`. */
  env: Record<string, string | undefined>;
  inheritEnv?: boolean;
  /** Default: the project root. */
  cwd?: string;
  /** Every output line is appended here too (the in-memory copy keeps only the last `keepBytes`). */
  logFile?: string;
  /** Characters of output kept in memory; default 4 MiB (a long soak or bench must not grow without bound). */
  keepBytes?: number;
  onLine?: (line: string) => void;
}

export interface Child {
  name: string;
  pid: number;
  process: ChildProcess;
  alive(): boolean;
  /** Settles once the process is gone, whoever ended it. */
  exited: Promise<ExitStatus>;
  /** stdout and stderr as they arrived (the last `keepBytes` of it). */
  output(): string;
  /** The last `lines` lines of output, for error messages. */
  tail(lines?: number): string;
  /** SIGTERM, then SIGKILL once `graceMs` passed; resolves with how it ended. */
  stop(graceMs?: number): Promise<ExitStatus>;
  /** SIGKILL now; resolves once it is gone. */
  kill(): Promise<ExitStatus>;
}

const running = new Set<Child>();
// Nothing we started outlives us, even when a test or bench throws past its cleanup.
process.on('exit', () => killAll());

/** SIGKILL every child this process started that still runs (tests call it from afterAll). */
export function killAll(): void {
  for (const c of running) signal(c.pid, 'SIGKILL');
  running.clear();
}

function signal(pid: number, sig: NodeJS.Signals): void {
  // 0 and negative pids address process groups (-1: every process we may signal), never one child.
  if (!(pid > 0)) return;
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Spawns `node <args>` with piped output. */
export function spawnChild(o: ChildOptions): Child {
  const base = o.inheritEnv ? process.env : { PATH: process.env.PATH, HOME: process.env.HOME ?? '/tmp' };
  const proc = spawn(process.execPath, o.args, {
    cwd: o.cwd ?? ROOT,
    env: { ...base, ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keepBytes = o.keepBytes ?? 4 * 1024 * 1024;
  let output = '';
  const keep = (line: string) => {
    output += `${line}\n`;
    if (output.length > keepBytes) output = output.slice(output.length - keepBytes);
    if (o.logFile) appendFileSync(o.logFile, `${line}\n`);
    o.onLine?.(line);
  };
  createInterface({ input: proc.stdout! }).on('line', keep);
  createInterface({ input: proc.stderr! }).on('line', keep);
  // A failed spawn emits 'error' and maybe no 'exit'; either settles `exited`, and an unhandled 'error' would crash us.
  const exited = new Promise<ExitStatus>((resolve) => {
    proc.once('exit', (code, sig) => resolve({ code, signal: sig }));
    proc.on('error', (e) => {
      keep(`spawn failed: ${e.message}`);
      if (proc.pid === undefined) resolve({ code: null, signal: null });
    });
  });
  const alive = () => proc.pid !== undefined && proc.exitCode === null && proc.signalCode === null;
  const child: Child = {
    name: o.name,
    pid: proc.pid ?? -1,
    process: proc,
    alive,
    exited,
    output: () => output,
    tail: (lines = 40) => output.trimEnd().split('\n').slice(-lines).join('\n'),
    async stop(graceMs = 30_000) {
      if (alive()) {
        signal(proc.pid!, 'SIGTERM');
        const t = setTimeout(() => signal(proc.pid!, 'SIGKILL'), graceMs);
        await exited;
        clearTimeout(t);
      }
      return exited;
    },
    async kill() {
      if (alive()) signal(proc.pid!, 'SIGKILL');
      return exited;
    },
  };
  if (proc.pid !== undefined) running.add(child);
  void exited.then(() => running.delete(child));
  return child;
}

export type HealthBody = Record<string, any>;

export interface HealthPoll {
  timeoutMs: number;
  /** Ready when /health answers 200 and this accepts its JSON body; default: any 200. */
  ready?: (body: HealthBody) => boolean;
  /** Polling stops (null) once this says the process is gone. */
  alive?: () => boolean;
  /** Called once with the ms to the first 200 (e.g. kensaku's keyword search is up, the model still loading). */
  onFirstOk?: (ms: number) => void;
}

/** Polls GET /health every 100 ms until `ready`; ms it took, or null on timeout or when `alive()` turns false. */
export async function pollHealth(base: string, o: HealthPoll): Promise<number | null> {
  const started = performance.now();
  let firstOk = false;
  while (performance.now() - started < o.timeoutMs) {
    if (o.alive && !o.alive()) return null;
    try {
      const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(2000) });
      const body = (await res.json().catch(() => ({}))) as HealthBody;
      if (res.ok && !firstOk) {
        firstOk = true;
        o.onFirstOk?.(performance.now() - started);
      }
      if (res.ok && (o.ready?.(body) ?? true)) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return null;
}

/** Waits for `child` to be healthy at `base`; on timeout or early exit, stops it and throws with its output's tail. */
export async function waitHealthy(child: Child, base: string, o: Omit<HealthPoll, 'alive'>): Promise<number> {
  const ms = await pollHealth(base, { ...o, alive: child.alive });
  if (ms !== null) return ms;
  const why = child.alive()
    ? `not healthy within ${o.timeoutMs / 1000} s`
    : `exited (${await describeExit(child)}) before it was healthy`;
  await child.stop(5000);
  throw new Error(`${child.name} ${why}; its last output:\n${child.tail()}`);
}

async function describeExit(child: Child): Promise<string> {
  const { code, signal: sig } = await child.exited;
  return sig ?? `code ${code}`;
}

/** kensaku's /health once the model is loaded too (every search mode answers). */
export const embeddingsAvailable = (h: HealthBody) => h.status === 'ok' && h.embeddings?.status === 'available';

export interface KensakuOptions {
  /** Set over PATH and HOME (or this process's env with `inheritEnv`); PORT and HOST are set here. */
  env: Record<string, string | undefined>;
  inheritEnv?: boolean;
  /** Default: a free one. A restart passes the old one, so clients' URL stays valid. */
  port?: number;
  /** CLI arguments; default `serve`. */
  args?: string[];
  timeoutMs?: number;
  /** Default: any 200 from /health (keyword search answers; the model may still be loading). */
  ready?: (body: HealthBody) => boolean;
  name?: string;
  logFile?: string;
  onLine?: (line: string) => void;
}

export interface KensakuServer extends Child {
  base: string;
  port: number;
  /** spawn -> /health accepted by `ready`, ms. */
  readyMs: number;
  /** spawn -> the first /health 200, ms. */
  keywordReadyMs: number;
}

/** `kensaku serve` (bin/kensaku.js, as a user runs it) on loopback, healthy before it returns (bounded). */
export async function startKensaku(o: KensakuOptions): Promise<KensakuServer> {
  const port = o.port ?? (await freePort());
  const started = performance.now();
  const child = spawnChild({
    name: o.name ?? `kensaku ${(o.args ?? ['serve']).join(' ')} on port ${port}`,
    args: [path.join(ROOT, 'bin', 'kensaku.js'), ...(o.args ?? ['serve'])],
    env: { HOST: '127.0.0.1', ...o.env, PORT: String(port) },
    inheritEnv: o.inheritEnv,
    logFile: o.logFile,
    onLine: o.onLine,
  });
  let keywordReadyMs = NaN;
  const base = `http://127.0.0.1:${port}`;
  await waitHealthy(child, base, {
    timeoutMs: o.timeoutMs ?? 180_000,
    ready: o.ready,
    onFirstOk: () => (keywordReadyMs = performance.now() - started),
  });
  return Object.assign(child, { base, port, readyMs: performance.now() - started, keywordReadyMs });
}
