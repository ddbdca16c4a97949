import { indexDocuments } from '../indexer/pipeline/index-documents.ts';
import type { IndexOptions } from '../indexer/pipeline/types.ts';
import type { CrawlSink, WriteOutcome } from './types.ts';

/**
 * The crawler's documents into the indexing pipeline: an unchanged document (same chunks) is neither re-chunked into
 * new writes nor re-embedded there, and a changed one replaces its old chunks. Deletes remove chunks and records.
 */
export function indexSink(options: Omit<IndexOptions, 'onDocument' | 'onProgress'>): CrawlSink {
  return {
    async write(docs) {
      const out = new Map<string, WriteOutcome>();
      await indexDocuments(docs, {
        ...options,
        onDocument: (id, outcome, _chunks, message) =>
          out.set(id, outcome === 'failed' ? { outcome, message: message ?? 'failed' } : { outcome }),
      });
      return out;
    },
    async delete(docIds) {
      await options.store.deleteDocuments(docIds);
    },
  };
}
