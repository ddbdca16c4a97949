import type { Meilisearch } from 'meilisearch';
import { createArchiveWriter, type BackupManifest } from './backup-archive.ts';
import { meili } from './meili-errors.ts';

export interface ExportOptions {
  client: Meilisearch;
  indexName: string;
  file: string;
  /** Task records left out: the backup tasks running, which a restore must not run again. */
  excludeTaskIds?: string[];
  /** After each page of documents written. */
  onProgress?: (documents: number) => void;
}

const PAGE = 1000;
/** Documents per archive line: a line of vectors stays a few MB. */
const PER_LINE = 200;

/**
 * kensaku's indexes on this Meilisearch: `<indexName>` and `<indexName>_…`, without the queue's lease (who holds
 * the queue now is not data) and a rebuild's temporary copy. Task records before their payloads: a task enqueued
 * meanwhile has its payload stored before its record, so every record in the archive has its payload.
 */
export async function kensakuIndexes(
  client: Meilisearch,
  indexName: string,
): Promise<{ uid: string; primaryKey: string | null }[]> {
  const out: { uid: string; primaryKey: string | null }[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await meili('listing indexes', () => client.getIndexes({ limit: 1000, offset }));
    for (const index of page.results) {
      const uid = index.uid;
      if (uid !== indexName && !uid.startsWith(`${indexName}_`)) continue;
      if (uid.startsWith(`${indexName}_lease_`) || uid === `${indexName}_rebuild`) continue;
      out.push({ uid, primaryKey: index.primaryKey ?? null });
    }
    if (page.results.length < 1000) break;
  }
  const payloads = `${indexName}_task_payloads`;
  return out.sort((a, b) => Number(a.uid === payloads) - Number(b.uid === payloads) || a.uid.localeCompare(b.uid));
}

/**
 * Writes every kensaku index of this Meilisearch (settings, then documents with their vectors as stored) to one
 * archive. The caller runs it as a task of the queue, the only writer of chunks, records and task states, so those
 * hold still while they are read; tasks enqueued meanwhile are read in queue order (taskPages), with their payloads.
 */
export async function exportArchive(options: ExportOptions): Promise<BackupManifest> {
  const { client, indexName } = options;
  const version = await meili('reading the version', () => client.getVersion());
  const writer = await createArchiveWriter(options.file, {
    createdAt: new Date().toISOString(),
    indexName,
    meilisearchVersion: version.pkgVersion,
  });
  const excluded = new Set(options.excludeTaskIds ?? []);
  const tasksUid = `${indexName}_tasks`;
  const payloadsUid = `${indexName}_task_payloads`;
  /** Unfinished tasks written: only their payloads are kept (the others' are orphans the queue drops). */
  const pending: string[] = [];
  let done = 0;
  try {
    for (const { uid, primaryKey } of await kensakuIndexes(client, indexName)) {
      const index = client.index<Record<string, unknown>>(uid);
      const settings = (await meili('reading settings', () => index.getSettings())) as Record<string, unknown>;
      await writer.write({ kind: 'index', uid, primaryKey, settings });
      const withVectors = Object.keys((settings.embedders as object | undefined) ?? {}).length > 0;
      const pages =
        uid === tasksUid
          ? taskPages(index)
          : uid === payloadsUid
            ? payloadPages(index, pending)
            : offsetPages(index, withVectors);
      for await (let documents of pages) {
        if (uid === tasksUid) {
          documents = documents.filter((d) => !excluded.has(String(d.id)));
          for (const d of documents)
            if (d.status === 'enqueued' || d.status === 'processing') pending.push(String(d.id));
        }
        for (let i = 0; i < documents.length; i += PER_LINE)
          await writer.write({ kind: 'documents', uid, documents: documents.slice(i, i + PER_LINE) });
        done += documents.length;
        options.onProgress?.(done);
      }
    }
    return await writer.close();
  } catch (e) {
    writer.abort();
    throw e;
  }
}

type Index = ReturnType<Meilisearch['index']>;

/** Pages by offset: for the indexes only the queue writes (chunks, records), which nothing changes meanwhile. */
async function* offsetPages(index: Index, withVectors: boolean) {
  for (let offset = 0; ; offset += PAGE) {
    const page = await meili('reading documents', () =>
      index.getDocuments({ limit: PAGE, offset, retrieveVectors: withVectors }),
    );
    yield page.results as Record<string, unknown>[];
    if (page.results.length < PAGE) return;
  }
}

/**
 * Task records in queue order, paged by `seq`: tasks are enqueued meanwhile, and Meilisearch may give a new
 * document the place of a pruned one, which would shift an offset.
 */
async function* taskPages(index: Index) {
  let after = -1;
  for (;;) {
    const page = await meili('reading tasks', () =>
      index.search('', { filter: `seq > ${after}`, sort: ['seq:asc'], limit: PAGE }),
    );
    const hits = page.hits as Record<string, unknown>[];
    yield hits;
    if (hits.length < PAGE) return;
    after = Number(hits.at(-1)!.seq);
  }
}

/** The payloads of these tasks: a set nothing adds to or drops from while the backup task runs. */
async function* payloadPages(index: Index, taskIds: string[]) {
  for (let i = 0; i < taskIds.length; i += 100) {
    const filter = `taskId IN [${taskIds
      .slice(i, i + 100)
      .map((id) => JSON.stringify(id))
      .join(', ')}]`;
    for (let offset = 0; ; offset += PAGE) {
      const page = await meili('reading task documents', () => index.getDocuments({ filter, limit: PAGE, offset }));
      yield page.results as Record<string, unknown>[];
      if (page.results.length < PAGE) break;
    }
  }
}
