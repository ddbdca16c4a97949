import type { Meilisearch, Settings } from 'meilisearch';
import type { DocumentRecord, StoredChunk } from '../domain/documents.ts';
import { DOCUMENT_INDEX_SETTINGS } from './settings.ts';
import { meili, meiliFind } from './meili-errors.ts';
import type { settle } from './tasks.ts';

type Wait = (doing: string, enqueue: Parameters<typeof settle>[2]) => Promise<void>;

export interface NextIndexesOptions {
  client: Meilisearch;
  wait: Wait;
  indexName: string;
  /** `_next` for a rebuild task, `_rebuild` for the start-up stop-word copy. */
  suffix: string;
  /** Builds a new records index too, swapped in with the chunks (a rebuild rewrites each document's hash). */
  withRecords: boolean;
  /** The settings the new chunk index gets before any chunk goes in. */
  chunkSettings: Settings;
}

/** Where a set of next indexes stands: absent, built beside the live ones, or swapped in (the old ones left). */
export type NextState = 'absent' | 'building' | 'swapped';

export interface NextIndexes {
  state(): Promise<NextState>;
  /** Drops what a former run left, then creates the indexes with their settings. */
  create(): Promise<void>;
  writeChunks(chunks: StoredChunk[]): Promise<void>;
  putDocuments(records: DocumentRecord[]): Promise<void>;
  countChunks(): Promise<number>;
  /** Swaps every pair in one Meilisearch task (atomic: a search reads all old or all new), then drops the old. */
  swap(): Promise<void>;
  drop(): Promise<void>;
}

/**
 * Indexes built beside the live chunk index (and records) and swapped in whole: searches read the live ones until
 * the swap, so a copy with other settings or rewritten fields never shows half done. They are Meilisearch indexes,
 * so a build cut short by a crash is still there for the next run.
 */
export function createNextIndexes(options: NextIndexesOptions): NextIndexes {
  const { client, wait, indexName, suffix } = options;
  const live = options.withRecords ? [indexName, `${indexName}_documents`] : [indexName];
  const pairs = live.map((uid) => [uid, `${uid}${suffix}`] as [string, string]);
  const next = pairs.map(([, n]) => n);
  // An unreachable node is an error, never "absent": that would start the build over.
  const createdAt = async (uid: string) => {
    const index = await meiliFind('reading indexes', () => client.getRawIndex(uid));
    return index ? Date.parse(String(index.createdAt)) : null;
  };
  const drop = async () => {
    for (const uid of next) await wait(`deleting index ${uid}`, () => client.deleteIndex(uid)).catch(() => undefined);
  };
  return {
    /** Swapped in moves an index's createdAt with it: after the swap the live name holds the newer index. */
    async state() {
      const made = await createdAt(next[0]);
      if (made === null) return 'absent';
      const current = await createdAt(indexName);
      return current !== null && current > made ? 'swapped' : 'building';
    },
    async create() {
      await drop();
      const current = await meili('reading settings', () => client.index(indexName).getSettings());
      // Vectors of an embedder this process does not configure (keyword-only start) still need somewhere to go.
      const kept = Object.fromEntries(
        Object.entries(current.embedders ?? {})
          .filter(([, e]) => e?.source === 'userProvided')
          .map(([name, e]) => [
            name,
            { source: 'userProvided' as const, dimensions: (e as { dimensions: number }).dimensions },
          ]),
      );
      const desired = options.chunkSettings;
      for (const uid of next) await wait(`creating index ${uid}`, () => client.createIndex(uid, { primaryKey: 'id' }));
      await wait('updating settings', () =>
        client.index(next[0]).updateSettings({ ...desired, embedders: { ...kept, ...desired.embedders } }),
      );
      if (options.withRecords)
        await wait('updating settings', () => client.index(next[1]).updateSettings(DOCUMENT_INDEX_SETTINGS));
    },
    async writeChunks(chunks) {
      if (chunks.length)
        await wait('copying chunks', () =>
          client.index<StoredChunk>(next[0]).addDocuments(chunks, { primaryKey: 'id' }),
        );
    },
    async putDocuments(records) {
      if (!options.withRecords) throw new Error('these next indexes have no records index');
      if (records.length)
        await wait('copying document records', () =>
          client.index<DocumentRecord>(next[1]).addDocuments(records, { primaryKey: 'id' }),
        );
    },
    async countChunks() {
      return (await meili('reading stats', () => client.index(next[0]).getStats())).numberOfDocuments;
    },
    async swap() {
      await wait('swapping in the rebuilt index', () =>
        client.swapIndexes(pairs.map((indexes) => ({ indexes, rename: false }))),
      );
      await drop();
    },
    drop,
  };
}
