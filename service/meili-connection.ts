import { availableParallelism } from 'node:os';
import type { Logger } from 'pino';
import type { Config } from '../config/index.ts';
import { KensakuError, asError } from '../errors/kensaku-error.ts';
import { findMeiliBinary } from '../store/meili-binary.ts';
import { superviseMeilisearch, type SupervisorEvent, type SupervisorOptions } from '../store/meili-supervisor.ts';

export interface MeiliConnection {
  url: string;
  apiKey?: string;
  version: string;
  /** 'external' when MEILI_URL was given; 'embedded' when this process started and owns it. */
  mode: 'external' | 'embedded';
  /** Times the embedded Meilisearch was restarted after it died or froze; always 0 for an external one. */
  restarts(): number;
  /** The embedded Meilisearch's pid (undefined while it is down, or when external). */
  pid(): number | undefined;
  stop(): Promise<void>;
}

export interface ConnectOptions {
  /** Where the embedded Meilisearch's exits and restarts are logged. */
  logger?: Logger;
  /** Supervision policy of the embedded Meilisearch; defaults in store/meili-supervisor.ts. */
  supervision?: Partial<SupervisorOptions>;
}

/**
 * MEILI_URL when set (not ours to restart: the store's client reconnects per request once it answers); otherwise a
 * Meilisearch this process starts, owns, restarts when it dies or freezes, and stops.
 */
export async function connectMeilisearch(config: Config, options: ConnectOptions = {}): Promise<MeiliConnection> {
  if (config.MEILI_URL) {
    const version = await fetchVersion(config.MEILI_URL, config.MEILI_MASTER_KEY);
    return { url: config.MEILI_URL, apiKey: config.MEILI_MASTER_KEY, version, mode: 'external', restarts: () => 0, pid: () => undefined, stop: async () => {} };
  }
  const binary = await findMeiliBinary({ explicit: config.MEILI_BIN, dataDir: config.dataDir });
  // Half the cores index, the rest embed and search (bench: on 2 cores the wait for the last write fell 9.0 s -> 2.7 s).
  const indexingThreads = config.MEILI_INDEXING_THREADS ?? Math.max(1, Math.floor(availableParallelism() / 2));
  const proc = await superviseMeilisearch(
    { binary: binary.path, dataDir: config.dataDir, startTimeoutMs: config.MEILI_TIMEOUT_MS, indexingThreads, maxIndexingMemory: config.MEILI_MAX_INDEXING_MEMORY },
    { ...options.supervision, onEvent: options.logger && logEvent(options.logger) },
  );
  return { url: proc.url, apiKey: proc.masterKey, version: binary.version, mode: 'embedded', restarts: proc.restarts, pid: proc.pid, stop: proc.stop };
}

function logEvent(logger: Logger) {
  return (event: SupervisorEvent) => {
    const { type, ...fields } = event;
    if (type === 'restarted') logger.info(fields, 'meilisearch restarted');
    else if (type === 'restart_failed') logger.error(fields, 'meilisearch restart failed; retrying');
    else logger.warn(fields, type === 'exited' ? 'meilisearch exited; restarting' : 'meilisearch stopped answering; killing it to restart');
  };
}

async function fetchVersion(url: string, key?: string): Promise<string> {
  try {
    const res = await fetch(new URL('/version', url), { headers: key ? { authorization: `Bearer ${key}` } : {}, signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return ((await res.json()) as { pkgVersion: string }).pkgVersion;
  } catch (e) {
    throw new KensakuError('meilisearch_unavailable', `cannot reach Meilisearch at MEILI_URL=${url} (${(e as Error).message}); check the URL and MEILI_MASTER_KEY`, { cause: asError(e) });
  }
}
