import type { ChunkStore } from '../store/chunk-store.ts';
import type { Embedder } from '../embeddings/types.ts';
import { indexDocuments } from '../indexer/pipeline/index-documents.ts';
import { deleteDocument } from '../indexer/pipeline/delete-document.ts';
import { emptySummary } from '../indexer/pipeline/types.ts';
import type { ParsedDocuments } from './documents/parse-documents.ts';
import type { TaskQueue } from './tasks/task-queue.ts';
import type { Metrics } from './metrics.ts';

export interface IndexingServiceOptions {
  store: ChunkStore;
  tasks: TaskQueue;
  metrics: Metrics;
  /** The indexing embedder (a worker, off the request thread); null while the model is down. */
  embedder: () => Embedder | null;
  embedderName: () => string | null;
  maxChars: number;
}

export type IndexingService = ReturnType<typeof createIndexingService>;

/** Turns API requests into queued indexing tasks. */
export function createIndexingService(options: IndexingServiceOptions) {
  const { store, tasks, metrics } = options;
  return {
    store,
    tasks,
    enqueueIndex(parsed: ParsedDocuments) {
      return tasks.enqueue('index', parsed.documents.length + parsed.errors.length, async (onProgress) => {
        const summary = await indexDocuments(parsed.documents, {
          store,
          embedder: options.embedder(),
          embedderName: options.embedderName(),
          maxChars: options.maxChars,
          onProgress: (p) => onProgress(p.documentsDone),
        });
        for (const outcome of ['added', 'updated', 'unchanged'] as const) metrics.documents.inc({ outcome }, summary[outcome]);
        metrics.documents.inc({ outcome: 'failed' }, summary.failed.length + parsed.errors.length);
        metrics.chunks.inc(summary.chunksWritten);
        return summary;
      }, parsed.errors);
    },
    enqueueDelete(documentId: string) {
      return tasks.enqueue('delete', 1, async (onProgress) => {
        await deleteDocument(store, documentId);
        onProgress(1);
        metrics.documents.inc({ outcome: 'deleted' });
        return { ...emptySummary(), deleted: 1 };
      });
    },
  };
}
