import { KensakuError } from '../errors/kensaku-error.ts';
import { verifyArchive } from '../store/backup-archive.ts';
import { restoreArchive } from '../store/backup-restore.ts';
import { meiliClient } from '../store/meili-client.ts';
import { connectMeilisearch } from '../service/meili-connection.ts';
import { createLogger } from '../service/logger.ts';
import type { Settings } from '../service/settings.ts';
import { UsageError } from './usage-error.ts';

/**
 * `kensaku restore <file>`: an archive into an empty data folder (the embedded Meilisearch, started for it) or an
 * empty external Meilisearch (MEILI_URL). The archive is checked whole before Meilisearch is even started, so a
 * bad one leaves everything as it was; a target holding this INDEX_NAME's indexes is refused.
 */
export async function restoreCommand(settings: Settings, args: string[]): Promise<number> {
  if (args.length !== 1) throw new UsageError('kensaku restore: give exactly one archive file to read');
  const file = args[0];
  await verifyArchive(file);
  if (settings.meili.mode === 'sharded')
    throw new KensakuError('backup_unsupported', 'restore into a sharded store (MEILI_SHARDS) is not supported');
  const logger = createLogger(settings.logLevel, 2);
  const meili = await connectMeilisearch(settings.meili, { logger, whenOwned: { command: 'restore', action: 'join' } });
  try {
    const { taskTimeoutMs, indexName } = settings.store;
    const client = meiliClient({ url: meili.url, apiKey: meili.apiKey, timeoutMs: taskTimeoutMs });
    const result = await restoreArchive({
      client,
      indexName,
      file,
      taskTimeoutMs,
      onProgress: (done, total) =>
        process.stderr.isTTY && process.stderr.write(`\rrestored ${done}/${total} documents`),
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    const total = Object.values(result.indexes).reduce((n, c) => n + c, 0);
    console.log(
      `restored ${total} documents in ${Object.keys(result.indexes).length} indexes from ${file} (made ${result.header.createdAt}) into INDEX_NAME=${indexName}`,
    );
    return 0;
  } finally {
    await meili.stop();
  }
}
