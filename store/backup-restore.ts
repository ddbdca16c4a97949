import type { Meilisearch } from 'meilisearch';
import { KensakuError } from '../errors/kensaku-error.ts';
import { archiveLines, verifyArchive, type BackupHeader } from './backup-archive.ts';
import { kensakuIndexes } from './backup-export.ts';
import { settle } from './tasks.ts';

export interface RestoreOptions {
  client: Meilisearch;
  /** INDEX_NAME here: the archive's indexes are renamed from its own name to this one. */
  indexName: string;
  file: string;
  taskTimeoutMs: number;
  onProgress?: (documents: number, total: number) => void;
}

export interface RestoreResult {
  header: BackupHeader;
  /** Documents restored per index (as named here). */
  indexes: Record<string, number>;
}

/** Documents' JSON per addDocuments request: well inside Meilisearch's 100 MB payload limit. */
const WRITE_CHARS = 20_000_000;

/**
 * Restores an archive into a Meilisearch that holds none of this INDEX_NAME's indexes: the archive is read and
 * checked whole first, so a truncated or altered one touches nothing; a target with kensaku indexes is refused.
 * Settings go before documents (embedders for the vectors; stop words, which Meilisearch applies only to documents
 * added after them). Vectors come back as stored: nothing is embedded again. A restore that fails midway removes
 * the indexes it created, leaving the target as empty as it found it.
 */
export async function restoreArchive(options: RestoreOptions): Promise<RestoreResult> {
  const { client, indexName, file } = options;
  const { header, manifest } = await verifyArchive(file);
  const existing = await kensakuIndexes(client, indexName);
  if (existing.length > 0)
    throw new KensakuError(
      'restore_target_not_empty',
      `Meilisearch already holds kensaku indexes for INDEX_NAME=${indexName} (${existing
        .slice(0, 3)
        .map((i) => i.uid)
        .join(', ')}${existing.length > 3 ? ', …' : ''}): restore only into an empty data folder or Meilisearch`,
    );
  const rename = (uid: string) => indexName + uid.slice(header.indexName.length);
  const wait = (doing: string, enqueue: Parameters<typeof settle>[2]) =>
    settle(client, doing, enqueue, options.taskTimeoutMs);
  const total = Object.values(manifest.indexes).reduce((n, i) => n + i.documents, 0);
  const created: string[] = [];
  const counts: Record<string, number> = {};
  let done = 0;
  let batch: { uid: string; documents: Record<string, unknown>[]; chars: number } | null = null;
  // A few writes in flight, so Meilisearch batches them together instead of waiting for each.
  const inFlight: Promise<void>[] = [];
  const drain = async () => void (await Promise.all(inFlight.splice(0)));

  const flush = async () => {
    if (!batch || batch.documents.length === 0) return;
    const { uid, documents } = batch;
    batch = null;
    const written = wait('restoring documents', () => client.index(uid).addDocuments(documents));
    written.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
    inFlight.push(written);
    counts[uid] = (counts[uid] ?? 0) + documents.length;
    done += documents.length;
    options.onProgress?.(done, total);
    if (inFlight.length >= 4) await inFlight.shift();
  };

  try {
    for await (const line of archiveLines(file)) {
      const uid = rename(line.uid);
      if (line.kind === 'index') {
        await flush();
        await drain();
        await wait(`creating index ${uid}`, () =>
          client.createIndex(uid, { primaryKey: line.primaryKey ?? undefined }),
        );
        created.push(uid);
        counts[uid] = 0;
        await wait(`configuring index ${uid}`, () => client.index(uid).updateSettings(restorable(line.settings)));
        continue;
      }
      const chars = JSON.stringify(line.documents).length;
      if (batch && (batch.uid !== uid || batch.chars + chars > WRITE_CHARS)) await flush();
      batch ??= { uid, documents: [], chars: 0 };
      batch.documents.push(...line.documents);
      batch.chars += chars;
    }
    await flush();
    await drain();
    return { header, indexes: counts };
  } catch (e) {
    await Promise.allSettled(inFlight);
    for (const uid of created) await wait(`removing ${uid}`, () => client.deleteIndex(uid)).catch(() => undefined);
    throw e;
  }
}

/** Settings as Meilisearch reads them back, minus what it refuses to be sent (nulls of unset options). */
function restorable(settings: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== null && v !== undefined));
}
