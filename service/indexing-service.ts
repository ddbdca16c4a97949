import type { ChunkStore } from '../store/chunk-store.ts';
import type { SourceDocument } from '../domain/documents.ts';
import type { TaskQueue } from './task-queue.ts';

export interface ParsedDocuments {
  documents: SourceDocument[];
  /** Entries that were refused alone; the rest of the batch goes on. */
  errors: { documentId: string; message: string }[];
}

export type IndexingService = ReturnType<typeof createIndexingService>;

/** The verbs routes and commands call: each becomes a durable task. */
export function createIndexingService(store: ChunkStore, tasks: TaskQueue) {
  return {
    enqueueIndex: (parsed: ParsedDocuments) =>
      tasks.enqueue({ type: 'index', documents: parsed.documents, errors: parsed.errors }),
    enqueueDelete: (documentId: string) => tasks.enqueue({ type: 'delete', documentId }),
    /** Chunks written while the model was down get their vectors, as a task like any other; null when none lack one. */
    async enqueueFillVectors() {
      return (await store.getChunks('hasVector = false', 1)).length > 0
        ? tasks.enqueue({ type: 'vectors', documentCount: 0 })
        : null;
    },
    getTask: (id: string) => tasks.get(id),
    getDocument: (id: string) => store.getDocument(id),
    pageDocuments: (limit: number, offset: number) => store.pageDocuments(limit, offset, { body: false }),
  };
}
