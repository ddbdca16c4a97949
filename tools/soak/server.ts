// The kensaku the soak owns: `node bin/kensaku.js serve` on a loopback port and a temp DATA_DIR, with its own
// Meilisearch. Chaos kills it (or its Meilisearch) with SIGKILL and starts it again on the same DATA_DIR and port.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { MODEL_DIR, ROOT } from '../lib/paths.ts';
import { findMeiliPid } from '../lib/proc.ts';
import { sleep } from '../lib/format.ts';

export interface Health {
  status?: string;
  meilisearch?: { status?: string };
  embeddings?: { status?: string };
}

/** Healthy for the soak: Meilisearch up and the model loaded (so every search mode can answer). */
export const isHealthy = (h: Health | undefined) => h?.status === 'ok' && h.embeddings?.status === 'available';

/** GET /health once; undefined when it does not answer. */
export async function health(base: string, timeoutMs = 2000): Promise<{ code: number; body?: Health } | undefined> {
  try {
    const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    return { code: res.status, body: (await res.json().catch(() => undefined)) as Health | undefined };
  } catch {
    return undefined;
  }
}

/** Polls /health until healthy; ms it took, or null after `timeoutMs`. Bounded. */
export async function waitHealthy(base: string, timeoutMs: number, alive: () => boolean = () => true): Promise<number | null> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (!alive()) return null;
    if (isHealthy((await health(base))?.body)) return performance.now() - started;
    await sleep(100);
  }
  return null;
}

export interface OwnedServer {
  base: string;
  port: number;
  dataDir: string;
  /** The API process (the one `node bin/kensaku.js serve` runs in). */
  pid(): number;
  meiliPid(): number | undefined;
  alive(): boolean;
  /** Exit code or signal of the last process that ended on its own (not killed by us). */
  unexpectedExits: string[];
  /** SIGKILL the API process; resolves when it and its Meilisearch are gone (bounded). */
  killApi(): Promise<void>;
  /** Starts the API again on the same DATA_DIR and port (after killApi). */
  restart(): Promise<void>;
  stop(): Promise<void>;
  tail(): string;
}

function env(dataDir: string, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    EMBED_MODEL_DIR: MODEL_DIR,
    EMBED_DOWNLOAD: 'off',
    DEMO_CORPUS: 'on',
    // Every search embeds its query: with ~25 distinct queries a cache would answer nearly all of them from memory
    // after the first round, and the soak would never load the model's worker thread, the busiest part under load.
    EMBED_QUERY_CACHE: '0',
    LOG_LEVEL: 'warn',
    MEILI_URL: '',
    MEILI_MASTER_KEY: '',
    ADMIN_KEY: '',
    SEARCH_KEY: '',
  };
}

const gone = (pid: number) => {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
};

/** Starts kensaku and waits until it is healthy (bounded by `timeoutMs`). */
export async function startOwnedServer(dataDir: string, port: number, timeoutMs: number): Promise<OwnedServer> {
  if (!existsSync(MODEL_DIR)) throw new Error(`model not found at ${MODEL_DIR} (../shared/models/multilingual-e5-small)`);
  const lines: string[] = [];
  const log: WriteStream = createWriteStream(path.join(dataDir, 'kensaku.log'), { flags: 'a' });
  const base = `http://127.0.0.1:${port}`;
  let child: ChildProcess;
  let killedByUs = false;
  const unexpectedExits: string[] = [];
  const killOnExit = () => child?.kill('SIGKILL');
  process.on('exit', killOnExit);

  const spawnOne = () => {
    killedByUs = false;
    const c = spawn(process.execPath, [path.join(ROOT, 'bin', 'kensaku.js'), 'serve'], { cwd: ROOT, env: env(dataDir, port), stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (line: string) => {
      lines.push(line);
      if (lines.length > 60) lines.shift();
      log.write(line + '\n');
    };
    createInterface({ input: c.stdout! }).on('line', keep);
    createInterface({ input: c.stderr! }).on('line', keep);
    c.once('exit', (code, signal) => {
      if (!killedByUs) unexpectedExits.push(`pid ${c.pid} exited (${signal ?? code})`);
    });
    child = c;
  };
  const alive = () => child.exitCode === null && child.signalCode === null;
  const ready = async (what: string) => {
    const ms = await waitHealthy(base, timeoutMs, alive);
    if (ms === null) {
      const why = alive() ? `not healthy within ${timeoutMs / 1000} s` : `exited (${child.signalCode ?? child.exitCode})`;
      throw new Error(`kensaku ${what}: ${why}\n${lines.slice(-20).join('\n')}`);
    }
  };
  const exited = (c: ChildProcess) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => c.once('exit', () => r())));

  spawnOne();
  await ready('start');
  const server: OwnedServer = {
    base,
    port,
    dataDir,
    pid: () => child.pid!,
    meiliPid: () => findMeiliPid(child.pid!, dataDir),
    alive,
    unexpectedExits,
    killApi: async () => {
      const meili = server.meiliPid();
      killedByUs = true;
      child.kill('SIGKILL');
      await exited(child);
      // Its Meilisearch gets SIGKILL from the parent-death signal; the next one must not find the old one running.
      for (let i = 0; i < 100 && meili !== undefined && !gone(meili); i++) await sleep(50);
    },
    restart: async () => {
      spawnOne();
      await ready('restart');
    },
    stop: async () => {
      process.off('exit', killOnExit);
      if (alive()) {
        killedByUs = true;
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited(child);
        clearTimeout(t);
      }
      await new Promise<void>((r) => log.end(() => r()));
    },
    tail: () => lines.join('\n'),
  };
  return server;
}
