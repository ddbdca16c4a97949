// The kensaku the soak owns: `node bin/kensaku.js serve` on a loopback port and a temp DATA_DIR, with its own
// Meilisearch. Chaos kills it (or its Meilisearch) with SIGKILL and starts it again on the same DATA_DIR and port.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { MODEL_DIR } from '../lib/paths.ts';
import { findMeiliPid } from '../lib/proc.ts';
import { sleep } from '../lib/format.ts';
import {
  embeddingsAvailable,
  pollHealth,
  startKensaku,
  type HealthBody,
  type KensakuServer,
} from '../lib/processes.ts';

/** Healthy for the soak: Meilisearch up and the model loaded (so every search mode can answer). */
export const isHealthy = (h: HealthBody | undefined) => h !== undefined && embeddingsAvailable(h);

/** GET /health once; undefined when it does not answer. */
export async function health(base: string, timeoutMs = 2000): Promise<{ code: number; body?: HealthBody } | undefined> {
  try {
    const res = await fetch(`${base}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    return { code: res.status, body: (await res.json().catch(() => undefined)) as HealthBody | undefined };
  } catch {
    return undefined;
  }
}

/** Polls /health until healthy; ms it took, or null after `timeoutMs` or once `alive()` is false. Bounded. */
export const waitHealthy = (base: string, timeoutMs: number, alive: () => boolean = () => true) =>
  pollHealth(base, { timeoutMs, ready: embeddingsAvailable, alive });

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

function env(dataDir: string, adminKey: string): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    EMBED_MODEL_DIR: MODEL_DIR,
    EMBED_DOWNLOAD: 'off',
    DEMO_CORPUS: 'on',
    // Every search embeds its query: with ~25 distinct queries a cache would answer nearly all of them from memory
    // after the first round, and the soak would never load the model's worker thread, the busiest part under load.
    EMBED_QUERY_CACHE: '0',
    // Nor answer a repeat whole from memory (search/response-cache.ts), for the same reason.
    SEARCH_CACHE_MB: '0',
    LOG_LEVEL: 'warn',
    MEILI_URL: '',
    MEILI_MASTER_KEY: '',
    // Keys on, as a deployed server has them (tools/soak/keys.ts), and the product's default rate limits: the soak's
    // clients bring keys that fit its load rather than a server tuned to it.
    ADMIN_KEY: adminKey,
    SEARCH_KEY: '',
    RATE_LIMIT_PER_MINUTE: '',
    RATE_LIMIT_ANON_PER_MINUTE: '',
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

/** Starts kensaku (tools/lib/processes.ts) and waits until it is healthy (bounded by `timeoutMs`). */
export async function startOwnedServer(
  dataDir: string,
  port: number,
  timeoutMs: number,
  adminKey: string,
): Promise<OwnedServer> {
  if (!existsSync(MODEL_DIR))
    throw new Error(`model not found at ${MODEL_DIR} (../shared/models/multilingual-e5-small)`);
  const unexpectedExits: string[] = [];
  let killedByUs = false;
  let child: KensakuServer;
  const start = async (what: string) => {
    killedByUs = false;
    const c = await startKensaku({
      name: `kensaku (${what})`,
      env: env(dataDir, adminKey),
      inheritEnv: true,
      port,
      timeoutMs,
      ready: embeddingsAvailable,
      logFile: path.join(dataDir, 'kensaku.log'),
    });
    void c.exited.then(({ code, signal }) => {
      if (!killedByUs) unexpectedExits.push(`pid ${c.pid} exited (${signal ?? code})`);
    });
    child = c;
  };
  await start('start');
  const server: OwnedServer = {
    base: child!.base,
    port,
    dataDir,
    pid: () => child.pid,
    meiliPid: () => findMeiliPid(child.pid, dataDir),
    alive: () => child.alive(),
    unexpectedExits,
    killApi: async () => {
      const meili = server.meiliPid();
      killedByUs = true;
      await child.kill();
      // Its Meilisearch gets SIGKILL from the parent-death signal; the next one must not find the old one running.
      for (let i = 0; i < 100 && meili !== undefined && !gone(meili); i++) await sleep(50);
    },
    restart: () => start('restart'),
    stop: async () => {
      killedByUs = true;
      await child.stop(15_000);
    },
    tail: () => child.tail(60),
  };
  return server;
}
