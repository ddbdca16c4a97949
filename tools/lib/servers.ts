import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { MODEL_DIR, ROOT } from './paths.ts';
import { findMeiliPid, memoryMiB } from './proc.ts';
import { freePort } from '../../store/free-port.ts';

export { freePort };

/** Request paths of kensaku's and the peer's search routes, limit 10. */
export const searchPath = (mode: string) => (q: string) => `/search?q=${encodeURIComponent(q)}&mode=${mode}&limit=10`;
export const peerPath = (q: string) => `/search?q=${encodeURIComponent(q)}&limit=10`;

export interface ChildServer {
  name: string;
  pid: number;
  base: string;
  /** Meilisearch URL and key the server uses (for `kensaku serve`: the one it started). */
  meiliUrl?: string;
  meiliKey?: string;
  meiliPid?: number;
  /** spawn -> /health ok with embeddings available, ms. */
  readyMs: number;
  /** spawn -> the first /health 200 (kensaku: keyword search answers, the model may still be loading), ms. */
  keywordReadyMs: number;
  /** ms after spawn at which log messages first appeared (pino `time`), e.g. 'meilisearch ready'. */
  events: Record<string, number>;
  /** Last lines of its output, for error messages. */
  tail(): string;
  memory(): { peakRss: number; rss: number };
  stop(): Promise<void>;
}

interface SpawnOptions {
  name: string;
  args: string[];
  env: Record<string, string>;
  port: number;
  /** Ready when GET /health answers 200 and this accepts the JSON body. */
  healthy: (body: Record<string, unknown>) => boolean;
  timeoutMs: number;
  /** Reads log lines (JSON from pino) as they arrive. */
  onLine?: (line: string) => void;
}

/** Spawns a server with `node --import tsx`, loopback only, and waits until it is healthy (bounded). */
async function spawnServer(o: SpawnOptions): Promise<ChildServer> {
  const started = performance.now();
  const spawnedAt = Date.now();
  const events: Record<string, number> = {};
  const lines: string[] = [];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', ...o.args], {
    cwd: ROOT,
    env: { ...process.env, ...o.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (line: string) => {
    if (line.startsWith('{')) {
      try {
        const { msg, time } = JSON.parse(line) as { msg?: string; time?: number };
        if (msg && typeof time === 'number' && !(msg in events)) events[msg] = time - spawnedAt;
      } catch {
        // not a log line
      }
    }
    lines.push(line);
    if (lines.length > 40) lines.shift();
    o.onLine?.(line);
  };
  createInterface({ input: child.stdout! }).on('line', keep);
  createInterface({ input: child.stderr! }).on('line', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Never outlive the bench (its Meilisearch dies with it: kensaku starts it with a parent-death signal).
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  const base = `http://127.0.0.1:${o.port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(t);
  };
  const deadline = started + o.timeoutMs;
  let keywordReadyMs = NaN;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${o.name} exited with ${child.exitCode} during start:\n${lines.join('\n')}`);
    if (performance.now() > deadline) {
      await stop();
      throw new Error(`${o.name} not healthy within ${o.timeoutMs / 1000} s:\n${lines.join('\n')}`);
    }
    try {
      const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok && Number.isNaN(keywordReadyMs)) keywordReadyMs = performance.now() - started;
      if (res.ok && o.healthy((await res.json()) as Record<string, unknown>)) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    name: o.name,
    pid: child.pid!,
    base,
    readyMs: performance.now() - started,
    keywordReadyMs,
    events,
    tail: () => lines.join('\n'),
    memory: () => memoryMiB(child.pid!),
    stop,
  };
}

/** The environment every bench server gets: the shared model, no demo corpus, no downloads, no query cache. */
function baseEnv(dataDir: string, port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    EMBED_MODEL_DIR: MODEL_DIR,
    EMBED_DOWNLOAD: 'off',
    DEMO_CORPUS: 'off',
    LOG_LEVEL: 'info',
    // Every request embeds its query: once the rotation wraps, a repeat must not be a cache hit for one server only.
    EMBED_QUERY_CACHE: '0',
    MEILI_URL: '',
    MEILI_MASTER_KEY: '',
    ADMIN_KEY: '',
    SEARCH_KEY: '',
    // The bench's load comes from one loopback address at rates no one client sends.
    RATE_LIMIT_ANON_PER_MINUTE: '0',
    ...extra,
  };
}

/** `kensaku serve` as a child process, with its own Meilisearch on `dataDir`. */
export async function startKensaku(dataDir: string, timeoutMs = 180_000, env: Record<string, string> = {}): Promise<ChildServer> {
  const port = await freePort();
  let meiliUrl: string | undefined;
  const server = await spawnServer({
    name: 'kensaku serve',
    args: ['cli/main.ts', 'serve'],
    env: baseEnv(dataDir, port, env),
    port,
    timeoutMs,
    healthy: (b) => b.status === 'ok' && (b.embeddings as { status?: string })?.status === 'available',
    onLine: (line) => {
      if (meiliUrl || !line.includes('meilisearch ready')) return;
      try {
        meiliUrl = (JSON.parse(line) as { url?: string }).url;
      } catch {
        // not JSON
      }
    },
  });
  server.meiliUrl = meiliUrl;
  // An external Meilisearch (MEILI_URL, MEILI_SHARDS) leaves no key file: the caller has the key.
  const keyFile = path.join(dataDir, 'meili-master-key');
  server.meiliKey = existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : env.MEILI_MASTER_KEY;
  server.meiliPid = findMeiliPid(server.pid, dataDir);
  return server;
}

/** The peer (tools/bench/peer-server.ts): query embedding + Meilisearch's native hybrid, on kensaku's Meilisearch. */
export async function startPeer(dataDir: string, meiliUrl: string, meiliKey: string, window: number, ratio: number, timeoutMs = 120_000): Promise<ChildServer> {
  const port = await freePort();
  return spawnServer({
    name: `peer (native hybrid, limit ${window})`,
    args: ['tools/bench/peer-server.ts', '--window', String(window), '--ratio', String(ratio)],
    env: baseEnv(dataDir, port, { MEILI_URL: meiliUrl, MEILI_MASTER_KEY: meiliKey }),
    port,
    timeoutMs,
    healthy: (b) => b.status === 'ok',
  });
}
