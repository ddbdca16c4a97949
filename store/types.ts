import type { Meilisearch } from 'meilisearch';
import type { DocumentRecord, EmbedderRecord, StoredChunk } from '../domain/documents.ts';
import type { DiskProblem } from './disk-state.ts';
import type { NextIndexes } from './next-index.ts';
import type { SearchLegs } from './search-legs.ts';
import type { TermCount } from './term-counts.ts';

export interface ChunkStoreOptions {
  url: string;
  apiKey?: string;
  indexName: string;
  locale: string;
  stopWords: string[];
  /** The embedder the vectors belong to; null runs keyword-only. */
  embedder: { name: string; dimensions: number } | null;
  /** Per request (searches, writes being enqueued, health). */
  timeoutMs: number;
  /** Waiting for Meilisearch to finish a task (write, settings change); default `timeoutMs`. */
  taskTimeoutMs?: number;
}

/** The chunk index: what is searched, and the vectors with it. */
export interface ChunkIndex {
  /** The legs as of the embedder now set. */
  readonly legs: SearchLegs;
  /**
   * Names the embedder the vectors belong to, once known (the server answers keyword searches before its model
   * has loaded). Settings follow at the next ensureIndexes.
   */
  setEmbedder(embedder: { name: string; dimensions: number }): void;
  /** One query at start, so Meilisearch's first-query dictionary load is not paid by a user. */
  warmUp(): Promise<void>;
  writeChunks(batch: StoredChunk[]): Promise<void>;
  /** Drops a document's chunks from `fromOrdinal` on (all of them by default). */
  deleteChunks(documentId: string, fromOrdinal?: number): Promise<void>;
  getChunks(filter: string | undefined, limit?: number, offset?: number): Promise<StoredChunk[]>;
  /** One page of chunks with how many match; with vectors as Meilisearch returns them, which a write takes back. */
  pageChunks(
    filter: string | undefined,
    limit: number,
    offset: number,
    withVectors?: boolean,
  ): Promise<{ chunks: StoredChunk[]; total: number }>;
  countChunks(): Promise<number>;
  /** How many chunks match every one of these filters (a scoped key's reach); a bad filter is invalid_filter. */
  countMatching(filters: string[]): Promise<number>;
  /**
   * Per term (a word or phrase, folded as the keyword leg sends it): how many chunks hold it whole, and how many of
   * those are code. What the lexicon reads before translating a Latin word; cached (store/term-counts.ts).
   */
  termCounts(terms: readonly string[], locale: string): Promise<TermCount[]>;
  /** The reading words the chunks hold, each with how many chunks hold it (store/reading-words.ts); cached. */
  readingWords(): Promise<ReadonlyMap<string, number>>;
  /** Removes an embedder and its vectors; used only by an explicit re-embed. */
  resetEmbedders(): Promise<void>;
  /**
   * Changes whenever what a search reads may have changed (store/data-version.ts): at once for this process's writes,
   * within a second for another's. What a cached search response is checked against.
   */
  dataVersion(): Promise<string>;
}

/**
 * `body: false` leaves out each record's kept text (a page's worth of Markdown) for a read that only lists or compares.
 * Such a record must never be written back: a write replaces the whole record, and its text would be gone.
 */
export interface RecordReadOptions {
  body?: boolean;
}

/** One record per document: its hashes and state, what a write compares against. */
export interface DocumentRecords {
  getDocument(documentId: string): Promise<DocumentRecord | null>;
  /** One page of document records, in index order, with how many there are. */
  pageDocuments(
    limit: number,
    offset: number,
    options?: RecordReadOptions,
  ): Promise<{ records: DocumentRecord[]; total: number }>;
  /** The records of these documents (those that exist). */
  getDocumentsByIds(documentIds: string[], options?: RecordReadOptions): Promise<DocumentRecord[]>;
  putDocuments(records: DocumentRecord[]): Promise<void>;
  deleteDocument(documentId: string): Promise<void>;
  /** Several documents at once, chunks first (so a failure leaves the records to retry from). */
  deleteDocuments(documentIds: string[]): Promise<void>;
}

/** What every process on this Meilisearch shares about the index: synonyms and the embedder's identity. */
export interface StoreMeta {
  /** The synonyms searches apply (term → what a query for it also finds). */
  getSynonyms(): Promise<Record<string, string[]>>;
  setSynonyms(map: Record<string, string[]>): Promise<void>;
  getEmbedderRecord(): Promise<EmbedderRecord | null>;
  putEmbedderRecord(record: EmbedderRecord): Promise<void>;
}

/** What /health reports of the store; a sharded store adds each node. */
export interface StoreHealth {
  status: 'available' | 'unavailable';
  version?: string;
  error?: string;
  /** Set while Meilisearch cannot store writes (the last one failed for a full or read-only disk). */
  writes?: DiskProblem;
  shards?: { name: string; url: string; retired: boolean; status: 'available' | 'unavailable'; error?: string }[];
}

export interface StoreHealthCheck {
  health(): Promise<StoreHealth>;
}

/** The store the service runs on, one Meilisearch or several (store/shards/sharded-store.ts). */
export interface ChunkStore extends ChunkIndex, DocumentRecords, StoreMeta, StoreHealthCheck {
  /** How it was opened (of the primary, when sharded): tools build clients and legs of their own from it. */
  readonly options: Readonly<ChunkStoreOptions>;
  /** Creates the indexes and applies settings that differ: idempotent, safe on every start. Returns the changed keys. */
  ensureIndexes(): Promise<string[]>;
}

/** The store on one Meilisearch node, with what a sharded store needs of each node beyond the store. */
export interface NodeStore extends ChunkStore {
  /** Federated searches and the network go through it. */
  readonly client: Meilisearch;
  /** Lets an empty index be searched on every field (see chunk-store.ts). */
  registerFields(): Promise<void>;
  /** The chunk index and records a rebuild builds beside the live ones, then swaps in (store/next-index.ts). */
  nextIndexes(): NextIndexes;
}
