import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MODEL_DIR } from './paths.ts';
import { findMeiliPid, memoryMiB } from './proc.ts';
import {
  embeddingsAvailable,
  freePort,
  spawnChild,
  startKensaku as startServe,
  waitHealthy,
  type Child,
} from './processes.ts';

/** Request paths of kensaku's and the peer's search routes, limit 10. */
export const searchPath = (mode: string) => (q: string) => `/search?q=${encodeURIComponent(q)}&mode=${mode}&limit=10`;
export const peerPath = (q: string) => `/search?q=${encodeURIComponent(q)}&limit=10`;

/** A bench server: what the helper gives plus the timings and memory the bench reports. */
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

/** Collects the first time (ms after `spawnedAt`) each pino message appeared, and hands every line on. */
function eventsOf(spawnedAt: number, events: Record<string, number>, then?: (line: string) => void) {
  return (line: string) => {
    if (line.startsWith('{')) {
      try {
        const { msg, time } = JSON.parse(line) as { msg?: string; time?: number };
        if (msg && typeof time === 'number' && !(msg in events)) events[msg] = time - spawnedAt;
      } catch {
        // not a log line
      }
    }
    then?.(line);
  };
}

function asChildServer(
  child: Child,
  base: string,
  events: Record<string, number>,
  readyMs: number,
  keywordReadyMs: number,
): ChildServer {
  return {
    name: child.name,
    pid: child.pid,
    base,
    readyMs,
    keywordReadyMs,
    events,
    tail: () => child.tail(),
    memory: () => memoryMiB(child.pid),
    stop: async () => void (await child.stop(15_000)),
  };
}

/** The environment every bench server gets: the shared model, no demo corpus, no downloads, no query cache. */
function baseEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    EMBED_MODEL_DIR: MODEL_DIR,
    EMBED_DOWNLOAD: 'off',
    DEMO_CORPUS: 'off',
    LOG_LEVEL: 'info',
    // Every request embeds its query: once the rotation wraps, a repeat must not be a cache hit for one server only.
    EMBED_QUERY_CACHE: '0',
    // Nor a whole response from memory (search/response-cache.ts).
    SEARCH_CACHE_MB: '0',
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
export async function startKensaku(
  dataDir: string,
  timeoutMs = 180_000,
  env: Record<string, string> = {},
): Promise<ChildServer> {
  let meiliUrl: string | undefined;
  const events: Record<string, number> = {};
  const server = await startServe({
    env: baseEnv(dataDir, env),
    inheritEnv: true,
    timeoutMs,
    ready: embeddingsAvailable,
    onLine: eventsOf(Date.now(), events, (line) => {
      if (meiliUrl || !line.includes('meilisearch ready')) return;
      try {
        meiliUrl = (JSON.parse(line) as { url?: string }).url;
      } catch {
        // not JSON
      }
    }),
  });
  const out = asChildServer(server, server.base, events, server.readyMs, server.keywordReadyMs);
  out.name = 'kensaku serve';
  out.meiliUrl = meiliUrl;
  // An external Meilisearch (MEILI_URL, MEILI_SHARDS) leaves no key file: the caller has the key.
  const keyFile = path.join(dataDir, 'meili-master-key');
  out.meiliKey = existsSync(keyFile) ? readFileSync(keyFile, 'utf8').trim() : env.MEILI_MASTER_KEY;
  out.meiliPid = findMeiliPid(server.pid, dataDir);
  return out;
}

/** The peer (tools/bench/peer-server.ts): query embedding + Meilisearch's native hybrid, on kensaku's Meilisearch. */
export async function startPeer(
  dataDir: string,
  meiliUrl: string,
  meiliKey: string,
  window: number,
  ratio: number,
  timeoutMs = 120_000,
  env: Record<string, string> = {},
): Promise<ChildServer> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const events: Record<string, number> = {};
  const started = performance.now();
  const child = spawnChild({
    name: `peer (native hybrid, limit ${window})`,
    args: ['--import', 'tsx', 'tools/bench/peer-server.ts', '--window', String(window), '--ratio', String(ratio)],
    env: {
      ...baseEnv(dataDir, { MEILI_URL: meiliUrl, MEILI_MASTER_KEY: meiliKey, ...env }),
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    inheritEnv: true,
    onLine: eventsOf(Date.now(), events),
  });
  let keywordReadyMs = NaN;
  await waitHealthy(child, base, {
    timeoutMs,
    ready: (b) => b.status === 'ok',
    onFirstOk: () => (keywordReadyMs = performance.now() - started),
  });
  return asChildServer(child, base, events, performance.now() - started, keywordReadyMs);
}
