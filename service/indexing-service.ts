import type { ChunkStore } from '../store/chunk-store.ts';
import type { Embedder } from '../embeddings/types.ts';
import type { SourceDocument } from '../domain/documents.ts';
import { indexDocuments } from '../indexer/pipeline/index-documents.ts';
import { deleteChunksAndRecord } from '../indexer/pipeline/delete-document.ts';
import { fillVectors } from '../indexer/pipeline/fill-vectors.ts';
import type { TaskRecord } from '../domain/tasks.ts';
import type { TaskStore } from '../store/task-store.ts';
import type { TaskHandler, TaskQueue } from './task-queue.ts';

export interface IndexingServiceOptions {
  store: ChunkStore;
  /** Where index tasks read their documents from, a page at a time. */
  taskStore: TaskStore;
  /** The indexing embedder; null while the model is down (chunks then go in without vectors, filled in later). */
  embedder: () => Embedder | null;
  embedderName: () => string | null;
  maxChars: number;
  /** Documents per checkpoint: what a crash may make the resumed run redo. */
  pageSize?: number;
}

/** The task handlers: index a payload page by page, delete a document, fill in missing vectors. */
export function indexingHandlers(options: IndexingServiceOptions): Record<TaskRecord['type'], TaskHandler> {
  const pageSize = options.pageSize ?? 256;
  return {
    async index(task, ctx) {
      const counts = { ...task.counts };
      const errors = [...task.errors];
      const total = task.progress.documentsTotal;
      for (let from = task.progress.documentsDone; from < total; from += pageSize) {
        const docs = await options.taskStore.payload(task.id, from, Math.min(total, from + pageSize));
        const s = await indexDocuments(docs, {
          store: options.store,
          embedder: options.embedder(),
          embedderName: options.embedderName(),
          maxChars: options.maxChars,
          onProgress: (p) => ctx.progress(from + p.documentsDone),
        });
        counts.added += s.added;
        counts.updated += s.updated;
        counts.unchanged += s.unchanged;
        counts.chunks += s.chunksWritten;
        counts.failed += s.failed.length;
        errors.push(...s.failed);
        await ctx.checkpoint({ counts, errors, progress: { documentsDone: from + docs.length, documentsTotal: total } });
      }
      return { counts, errors, progress: { documentsDone: total, documentsTotal: total } };
    },
    async delete(task) {
      // Idempotent: a delete resumed after a crash finds what is left, if anything, and removes it.
      await deleteChunksAndRecord(options.store, task.documentId!);
      return { counts: { ...task.counts, deleted: 1 }, errors: task.errors, progress: { documentsDone: 1, documentsTotal: 1 } };
    },
    async vectors(task) {
      const embedder = options.embedder();
      const name = options.embedderName();
      const chunks = embedder && name ? await fillVectors({ store: options.store, embedder, embedderName: name }) : 0;
      return { counts: { ...task.counts, chunks }, errors: task.errors, progress: task.progress };
    },
  };
}

export interface ParsedDocuments {
  documents: SourceDocument[];
  /** Entries that were refused alone; the rest of the batch goes on. */
  errors: { documentId: string; message: string }[];
}

export type IndexingService = ReturnType<typeof createIndexingService>;

/** The verbs routes and commands call: each becomes a durable task. */
export function createIndexingService(store: ChunkStore, tasks: TaskQueue) {
  return {
    enqueueIndex: (parsed: ParsedDocuments) => tasks.enqueue({ type: 'index', documents: parsed.documents, errors: parsed.errors }),
    enqueueDelete: (documentId: string) => tasks.enqueue({ type: 'delete', documentId }),
    /** Chunks written while the model was down get their vectors, as a task like any other. */
    enqueueFillVectors: () => tasks.enqueue({ type: 'vectors', documentCount: 0 }),
    getTask: (id: string) => tasks.get(id),
    getDocument: (id: string) => store.getDocument(id),
    pageDocuments: (limit: number, offset: number) => store.pageDocuments(limit, offset),
  };
}
