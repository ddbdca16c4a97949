import type { Settings } from 'meilisearch';
import type { DocumentRecord, EmbedderRecord, StoredChunk } from '../domain/documents.ts';
import { DOCUMENT_INDEX_SETTINGS, READING_FIELDS, SEARCHABLE, chunkIndexSettings, settingsDiff } from './settings.ts';
import { createIndexIfMissing, ensureIndex } from './ensure-index.ts';
import { meili, meiliFind } from './meili-errors.ts';
import { diskProblemOf } from './disk-state.ts';
import { meiliClient } from './meili-client.ts';
import { settle } from './tasks.ts';
import { documentKey } from './ids.ts';
import { createSearchLegs, type SearchLegs } from './search-legs.ts';
import { createNextIndexes } from './next-index.ts';
import { createTermCounter } from './term-counts.ts';
import { createReadingWords } from './reading-words.ts';
import { createDataVersion } from './data-version.ts';
import type { ChunkStoreOptions, NodeStore, RecordReadOptions, StoreHealth } from './types.ts';

export type { ChunkStore, ChunkStoreOptions, StoreHealth } from './types.ts';

/** Every record field but the kept text: what a read with `body: false` asks Meilisearch for. */
const RECORD_FIELDS = [
  'id',
  'documentId',
  'title',
  'hash',
  'chunkCount',
  'source',
  'url',
  'tags',
  'description',
  'lang',
  'meta',
  'indexedAt',
  'vectorsComplete',
] as const satisfies readonly (keyof DocumentRecord)[];
// A field added to DocumentRecord and not listed above fails to compile here, rather than vanish from listings.
const everyField: [Exclude<keyof DocumentRecord, 'body' | (typeof RECORD_FIELDS)[number]>] extends [never]
  ? true
  : never = true;
void everyField;
const recordFields = (read: RecordReadOptions) => (read.body === false ? { fields: [...RECORD_FIELDS] } : {});

/** Written and deleted at once in an empty index, so Meilisearch knows the searched fields (see registerFields). */
const FIELDS_PROBE_ID = 'kensaku-fields-probe';

/** How stale another process's synonym change may be here. */
export const SYNONYMS_TTL_MS = 2000;

/** The store on one Meilisearch: chunk index, one record per document, and the meta index (synonyms, embedder). */
export function createChunkStore(input: ChunkStoreOptions): NodeStore {
  const options = { ...input };
  const taskTimeoutMs = options.taskTimeoutMs ?? options.timeoutMs;
  const connect = (timeoutMs: number) => meiliClient({ url: options.url, apiKey: options.apiKey, timeoutMs });
  const client = connect(options.timeoutMs);
  const chunks = client.index<StoredChunk>(options.indexName);
  const docs = client.index<DocumentRecord>(`${options.indexName}_documents`);
  const meta = client.index<EmbedderRecord & { id: string }>(`${options.indexName}_meta`);
  // The same index, as the synonyms document reads.
  const synonymsMeta = client.index<{ id: string; entries: [string, string[]][] }>(`${options.indexName}_meta`);
  let synonyms: { map: Record<string, string[]>; at: number } | null = null;
  const terms = createTermCounter(client, options.indexName);
  const readingWords = createReadingWords(chunks);
  const dataVersion = createDataVersion(
    client,
    [options.indexName, `${options.indexName}_documents`, `${options.indexName}_meta`],
    () => {
      synonyms = null;
      terms.clear();
      readingWords.forget();
    },
  );
  // Every write goes through here, so the data version moves with each of this process's writes, failed ones too.
  const wait = (doing: string, enqueue: Parameters<typeof settle>[2]) =>
    settle(client, doing, enqueue, taskTimeoutMs).finally(() => dataVersion.bump());
  let legs: SearchLegs = createSearchLegs({
    client,
    indexName: options.indexName,
    locale: options.locale,
    embedder: options.embedder,
  });

  /** One page of chunks with how many match; with vectors as Meilisearch returns them, which a write takes back. */
  async function pageChunks(
    filter: string | undefined,
    limit: number,
    offset: number,
    withVectors = false,
  ): Promise<{ chunks: StoredChunk[]; total: number }> {
    const res = await meili('reading chunks', () =>
      chunks.getDocuments({ filter, limit, offset, retrieveVectors: withVectors }),
    );
    return { chunks: res.results, total: res.total };
  }

  /** One page of document records, in index order, with how many there are. */
  async function pageDocuments(
    limit: number,
    offset: number,
    read: RecordReadOptions = {},
  ): Promise<{ records: DocumentRecord[]; total: number }> {
    const page = await meili('listing documents', () => docs.getDocuments({ limit, offset, ...recordFields(read) }));
    return { records: page.results, total: page.total };
  }

  /**
   * Meilisearch 1.21 does not index words that were stop words when a document was added, and removing them from
   * the list later does not re-index them (not even re-adding unchanged documents does): keyword ranking then
   * differs from a fresh index on about half of JSQuAD's questions (tests/meili-stopwords-order.test.ts). So the
   * chunks are copied, vectors included, into a new index whose settings are applied first, which then takes the
   * live index's place. Until the swap the old index stays whole, so an interrupted rebuild is redone on next start.
   */
  async function rebuildChunks(desired: Settings): Promise<void> {
    const temp = nextIndexes('_rebuild', false, desired);
    await temp.create();
    for (let offset = 0; ; offset += 1000) {
      const page = await meili('reading chunks', () =>
        chunks.getDocuments({ limit: 1000, offset, retrieveVectors: true }),
      );
      await temp.writeChunks(page.results);
      if (page.results.length < 1000) break;
    }
    await temp.swap();
  }

  const nextIndexes = (suffix: string, withRecords: boolean, chunkSettings = chunkIndexSettings(options)) =>
    createNextIndexes({ client, wait, indexName: options.indexName, suffix, withRecords, chunkSettings });

  return {
    options,
    /** The legs as of the embedder now set. */
    get legs() {
      return legs;
    },
    client,
    /**
     * Names the embedder the vectors belong to, once known (the server answers keyword searches before its model
     * has loaded). Settings follow at the next ensureIndexes.
     */
    setEmbedder(embedder: { name: string; dimensions: number }): void {
      options.embedder = embedder;
      legs = createSearchLegs({ client, indexName: options.indexName, locale: options.locale, embedder });
    },
    /** Creates the indexes and applies settings that differ: idempotent, safe on every start. Returns the changed keys. */
    async ensureIndexes(): Promise<string[]> {
      for (const uid of [options.indexName, `${options.indexName}_documents`, `${options.indexName}_meta`])
        await createIndexIfMissing(client, uid, wait);
      const current = await meili('reading settings', () => chunks.getSettings());
      const desired = chunkIndexSettings(options);
      const diff = settingsDiff(current, desired);
      if (
        diff.stopWords &&
        removesStopWords(current.stopWords, diff.stopWords) &&
        (await meili('reading stats', () => chunks.getStats())).numberOfDocuments > 0
      ) {
        await rebuildChunks(desired);
      } else if (Object.keys(diff).length > 0) {
        await wait('updating settings', () => chunks.updateSettings(diff));
      }
      await ensureIndex(client, `${options.indexName}_documents`, DOCUMENT_INDEX_SETTINGS, wait);
      return Object.keys(diff);
    },
    /**
     * Meilisearch loads its Japanese dictionary on the first query (1–2 s in a fresh process), which could pass the
     * search cutoff and come back unranked: one query at start takes that cost instead of a user. It waits as long
     * as a task, so a short request timeout meant for searches cannot stop the service from starting.
     */
    async warmUp(): Promise<void> {
      const warm = createSearchLegs({
        client: connect(taskTimeoutMs),
        indexName: options.indexName,
        locale: options.locale,
        embedder: null,
      });
      await warm.run({ q: '日本語の検索', window: 1, locale: options.locale, runKeyword: true, runSemantic: false });
    },
    async writeChunks(batch: StoredChunk[]): Promise<void> {
      if (batch.length) await wait('writing chunks', () => chunks.addDocuments(batch, { primaryKey: 'id' }));
    },
    /** Drops a document's chunks from `fromOrdinal` on (all of them by default). */
    async deleteChunks(documentId: string, fromOrdinal = 0): Promise<void> {
      const filter = `documentId = ${JSON.stringify(documentId)} AND ordinal >= ${fromOrdinal}`;
      await wait('deleting chunks', () => chunks.deleteDocuments({ filter }));
    },
    async getChunks(filter: string | undefined, limit = 1000, offset = 0): Promise<StoredChunk[]> {
      return (await pageChunks(filter, limit, offset)).chunks;
    },
    pageChunks,
    /** The chunk index and records built beside the live ones by a rebuild task, with this store's settings. */
    nextIndexes: () => nextIndexes('_next', true),
    /**
     * Meilisearch refuses `attributesToSearchOn` with a field no document ever had, and a shard's refusal turns a
     * federated search degraded: so an empty index gets one document with every searched field, deleted at once
     * (Meilisearch keeps the fields it has seen).
     */
    async registerFields(): Promise<void> {
      if ((await meili('reading stats', () => chunks.getStats())).numberOfDocuments > 0) return;
      const fields = Object.fromEntries([...SEARCHABLE, ...READING_FIELDS].map((f) => [f, '']));
      // A chunk without an entry for each user-provided embedder is refused, and this process may not know them all.
      const embedders = Object.keys((await meili('reading settings', () => chunks.getSettings())).embedders ?? {});
      const vectors = { _vectors: Object.fromEntries(embedders.map((name) => [name, null])) };
      const probe = {
        id: FIELDS_PROBE_ID,
        documentId: FIELDS_PROBE_ID,
        ...fields,
        ...vectors,
      } as unknown as StoredChunk;
      await wait('registering the searched fields', () => chunks.addDocuments([probe], { primaryKey: 'id' }));
      await wait('registering the searched fields', () => chunks.deleteDocument(FIELDS_PROBE_ID));
    },
    async countChunks(): Promise<number> {
      return (await meili('reading stats', () => chunks.getStats())).numberOfDocuments;
    },
    async getDocument(documentId: string): Promise<DocumentRecord | null> {
      return meiliFind('reading a document', () => docs.getDocument(documentKey(documentId)));
    },
    pageDocuments,
    /** The records of these documents (those that exist), by id: what a write compares its hashes against. */
    async getDocumentsByIds(documentIds: string[], read: RecordReadOptions = {}): Promise<DocumentRecord[]> {
      const out: DocumentRecord[] = [];
      for (let i = 0; i < documentIds.length; i += 1000) {
        const ids = documentIds.slice(i, i + 1000).map(documentKey);
        const page = await meili('reading document records', () =>
          docs.getDocuments({ ids, limit: ids.length, ...recordFields(read) }),
        );
        out.push(...page.results);
      }
      return out;
    },
    async putDocuments(records: DocumentRecord[]): Promise<void> {
      if (records.length)
        await wait('writing document records', () => docs.addDocuments(records, { primaryKey: 'id' }));
    },
    async deleteDocument(documentId: string): Promise<void> {
      await wait('deleting a document record', () => docs.deleteDocument(documentKey(documentId)));
    },
    /** Several documents at once, chunks first (so a failure leaves the records to retry from): two writes in all. */
    async deleteDocuments(documentIds: string[]): Promise<void> {
      if (documentIds.length === 0) return;
      const filter = `documentId IN [${documentIds.map((id) => JSON.stringify(id)).join(', ')}]`;
      await wait('deleting chunks', () => chunks.deleteDocuments({ filter }));
      await wait('deleting document records', () => docs.deleteDocuments(documentIds.map(documentKey)));
    },
    /**
     * The synonyms searches apply (term → what a query for it also finds), kept in the meta index so every process
     * on this Meilisearch reads the same ones; read at most every SYNONYMS_TTL_MS, at once after this process wrote.
     */
    async getSynonyms(): Promise<Record<string, string[]>> {
      if (synonyms && performance.now() - synonyms.at < SYNONYMS_TTL_MS) return synonyms.map;
      const doc = await meiliFind('reading synonyms', () => synonymsMeta.getDocument('synonyms'));
      const map = Object.fromEntries(doc?.entries ?? []);
      synonyms = { map, at: performance.now() };
      return map;
    },
    async setSynonyms(map: Record<string, string[]>): Promise<void> {
      await wait('writing synonyms', () =>
        synonymsMeta.addDocuments([{ id: 'synonyms', entries: Object.entries(map) }], { primaryKey: 'id' }),
      );
      synonyms = null;
    },
    async getEmbedderRecord(): Promise<EmbedderRecord | null> {
      return meiliFind('reading embedder record', () => meta.getDocument('embedder'));
    },
    async putEmbedderRecord(record: EmbedderRecord): Promise<void> {
      await wait('recording the embedder', () =>
        meta.addDocuments([{ id: 'embedder', ...record }], { primaryKey: 'id' }),
      );
    },
    /** Removes an embedder and its vectors; used only by an explicit re-embed. */
    async resetEmbedders(): Promise<void> {
      await wait('removing embedders', () => chunks.resetEmbedders());
    },
    async health(): Promise<StoreHealth> {
      try {
        const version = await client.getVersion();
        const writes = diskProblemOf(client.config.host);
        return { status: 'available', version: version.pkgVersion, ...(writes ? { writes } : {}) };
      } catch (e) {
        return { status: 'unavailable', error: (e as Error).message };
      }
    },
    termCounts: (list, locale) => terms.count(list, locale),
    readingWords: () => readingWords.get(),
    dataVersion: () => dataVersion.get(),
    async countMatching(filters: string[]): Promise<number> {
      const res = await meili('counting chunks', () => chunks.search('', { filter: filters, limit: 0 }), {
        callerFilter: true,
      });
      return res.estimatedTotalHits ?? 0;
    },
  };
}

/** True when a word of the current list is not in the new one (adding stop words needs no re-indexing). NFC: Meilisearch returns NFD. */
function removesStopWords(current: string[] | null | undefined, next: string[] | null | undefined): boolean {
  const keep = new Set((next ?? []).map((w) => w.normalize('NFC')));
  return (current ?? []).some((w) => !keep.has(w.normalize('NFC')));
}
