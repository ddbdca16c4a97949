import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KensakuError } from '../errors/kensaku-error.ts';
import { freePort } from './free-port.ts';

export interface MeiliProcessOptions {
  binary: string;
  /** Data lives in `<dataDir>/meili`, the master key in `<dataDir>/meili-master-key`. */
  dataDir: string;
  /** Milliseconds to wait for /health. */
  startTimeoutMs?: number;
  /** Meilisearch's `--max-indexing-threads`; unset lets it use every core. */
  indexingThreads?: number;
  /** Meilisearch's `--max-indexing-memory` (e.g. `1GiB`); unset leaves its default, 2/3 of the RAM. */
  maxIndexingMemory?: string;
  /** Loopback port; unset picks a free one. A restart passes the old one, so clients' URL stays valid. */
  port?: number;
  /** More flags for one start (a migration's `--import-dump`, `--experimental-dumpless-upgrade`). */
  extraArgs?: string[];
}

export interface MeiliExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface MeiliProcess {
  url: string;
  masterKey: string;
  port: number;
  pid: number;
  /** Settles when the process is gone, whoever ended it. */
  exited: Promise<MeiliExit>;
  /** SIGTERM, SIGKILL after 5 s. */
  stop(): Promise<void>;
  /** SIGKILL at once (a frozen process ignores SIGTERM until it runs again). */
  kill(): Promise<void>;
}

/** Starts a Meilisearch owned by this process: loopback, a free port unless given, persistent data and key. */
export async function startMeilisearch(options: MeiliProcessOptions): Promise<MeiliProcess> {
  mkdirSync(path.join(options.dataDir, 'meili'), { recursive: true });
  const masterKey = readOrCreateMasterKey(options.dataDir);
  const port = options.port ?? (await freePort());
  const args = [
    '--db-path',
    path.join(options.dataDir, 'meili', 'data.ms'),
    '--dump-dir',
    path.join(options.dataDir, 'meili', 'dumps'),
    '--http-addr',
    `127.0.0.1:${port}`,
    '--master-key',
    masterKey,
    '--no-analytics',
    '--env',
    'production',
    ...(options.indexingThreads ? ['--max-indexing-threads', String(options.indexingThreads)] : []),
    ...(options.maxIndexingMemory ? ['--max-indexing-memory', options.maxIndexingMemory] : []),
    ...(options.extraArgs ?? []),
  ];
  // Both streams straight into one file: piped through this process, Meilisearch's line per request cost the API's
  // main thread ~3% of a search's CPU (tools/bench/profile.ts).
  const log = openSync(path.join(options.dataDir, 'meili', 'meilisearch.log'), 'a');
  let child: ChildProcess;
  try {
    child = spawnOwned(options.binary, args, log);
  } finally {
    closeSync(log);
  }
  const url = `http://127.0.0.1:${port}`;
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  // A failed spawn emits 'error' and maybe no 'exit': either settles `exited`, and an unhandled 'error' would crash us.
  const exited = new Promise<MeiliExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', () => {
      if (child.pid === undefined) resolve({ code: null, signal: null });
    });
  });
  void exited.then(() => process.off('exit', killOnExit));
  const stop = () => stopChild(child, exited);
  try {
    await waitHealthy(url, exited, options.startTimeoutMs ?? 30_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    url,
    masterKey,
    port,
    pid: child.pid!,
    exited,
    stop,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** setpriv's parent-death signal stops Meilisearch even when we are SIGKILLed: no orphans. */
function spawnOwned(binary: string, args: string[], log: number): ChildProcess {
  const stdio: ['ignore', number, number] = ['ignore', log, log];
  if (existsSync('/usr/bin/setpriv')) {
    return spawn('/usr/bin/setpriv', ['--pdeathsig', 'KILL', binary, ...args], { stdio });
  }
  return spawn(binary, args, { stdio });
}

/** The embedded Meilisearch's master key, `<dataDir>/meili-master-key` (mode 0600); null before its first start. */
export function readMasterKey(dataDir: string): string | null {
  const file = path.join(dataDir, 'meili-master-key');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}

function readOrCreateMasterKey(dataDir: string): string {
  const file = path.join(dataDir, 'meili-master-key');
  const existing = readMasterKey(dataDir);
  if (existing !== null) return existing;
  const key = randomBytes(24).toString('hex');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  return key;
}

async function waitHealthy(url: string, exited: Promise<MeiliExit>, timeoutMs: number): Promise<void> {
  let exit: MeiliExit | undefined;
  void exited.then((e) => (exit = e));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exit) {
      // A taken port ends it here too ("Address already in use" in its log).
      throw new KensakuError(
        'meilisearch_unavailable',
        `Meilisearch exited (${exit.signal ?? `code ${exit.code}`}) during start; see its log under DATA_DIR/meili`,
      );
    }
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new KensakuError('meilisearch_unavailable', `Meilisearch did not become healthy within ${timeoutMs} ms`);
}

async function stopChild(child: ChildProcess, exited: Promise<MeiliExit>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
