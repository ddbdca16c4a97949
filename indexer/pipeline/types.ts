import type { Embedder } from '../../embeddings/types.ts';
import type { ChunkStore } from '../../store/chunk-store.ts';
import type { KeywordForm } from '../keyword-form.ts';
import type { DocumentPreparer } from './prepare.ts';

export interface IndexProgress {
  documentsDone: number;
  documentsTotal: number;
  chunksDone: number;
}

export interface IndexFailure {
  documentId: string;
  message: string;
}

export interface IndexSummary {
  added: number;
  updated: number;
  unchanged: number;
  deleted: number;
  failed: IndexFailure[];
  chunksWritten: number;
  /** Chunks written without a vector because the embedder was unavailable. */
  chunksWithoutVectors: number;
}

export interface IndexOptions {
  store: ChunkStore;
  /** null when the semantic leg is down: chunks are written without vectors and marked. */
  embedder: Embedder | null;
  /** The Meilisearch embedder name the vectors go under; null when the index has none. */
  embedderName: string | null;
  maxChars: number;
  /** What the keyword leg indexes of each chunk: folded fields and readings. */
  keywordForm: KeywordForm;
  /** Chunking and keyword fields on another thread (made with the same form's options); unset: on this one. */
  preparer?: DocumentPreparer;
  /** Most chunks per Meilisearch write (one task each); default 2048. An idle Meilisearch gets an eighth of it. */
  writeBatchChunks?: number;
  onProgress?: (p: IndexProgress) => void;
  /** Each document's outcome once it is settled (written, unchanged, or failed with its message). */
  onDocument?: (documentId: string, outcome: DocumentOutcome, chunks: number, message?: string) => void;
}

export type DocumentOutcome = 'added' | 'updated' | 'unchanged' | 'failed';

export function emptySummary(): IndexSummary {
  return { added: 0, updated: 0, unchanged: 0, deleted: 0, failed: [], chunksWritten: 0, chunksWithoutVectors: 0 };
}
