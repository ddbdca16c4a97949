import type { Chunk, DocumentRecord, SourceDocument, StoredChunk } from '../../domain/documents.ts';
import { toDocumentRecord, toStoredChunk } from './to-stored.ts';
import type { IndexOptions, IndexSummary } from './types.ts';
import type { KeywordFields } from '../keyword-form.ts';
import { errorMessage, isStoreOutage } from '../../errors/kensaku-error.ts';

/** A changed document, chunked and embedded (vectors null when the semantic leg is down). */
export interface ReadyDocument {
  doc: SourceDocument;
  chunks: Chunk[];
  hash: string;
  before?: DocumentRecord;
  vectors: number[][] | null;
  /** Each chunk's keyword fields (folds, readings), made beside its embedding. */
  fields: KeywordFields[];
}

interface Pending {
  chunks: StoredChunk[];
  records: DocumentRecord[];
  /** Documents whose old version had more chunks than the new one. */
  shrunk: { documentId: string; from: number }[];
  kinds: ('added' | 'updated')[];
}

const emptyPending = (): Pending => ({ chunks: [], records: [], shrunk: [], kinds: [] });

/**
 * Collects ready documents into Meilisearch writes (group commit): while Meilisearch is idle, a write goes out as
 * soon as `writeBatchChunks / 8` chunks are ready; while it is busy, chunks gather up to `writeBatchChunks`. So
 * with the model setting the pace, documents become searchable as they are embedded and little is left to index
 * after the last one; with vectors from the cache, Meilisearch gets few big writes, which cost it the least CPU per
 * chunk (it updates its vector trees on every write). A document's new chunks are written before its stale ones are
 * dropped and before its record changes, so a failed write leaves the previous version searchable and a retry redoes
 * exactly the unfinished documents.
 */
export function createBatchWriter(options: IndexOptions, summary: IndexSummary) {
  // 2048 chunks with vectors is about 20 MB of JSON, well inside Meilisearch's 100 MB payload limit.
  const maxChunks = options.writeBatchChunks ?? 2048;
  const minChunks = Math.max(1, Math.floor(maxChunks / 8));
  let pending = emptyPending();
  let queued = 0;
  let inFlight: Promise<void> = Promise.resolve();
  /** Meilisearch went away or its disk is full: the whole run fails, to be retried, rather than its documents one by one. */
  let unreachable: unknown = null;

  const flush = () => {
    const batch = pending;
    pending = emptyPending();
    queued++;
    inFlight = inFlight
      .then(() => writeBatch(batch, options, summary))
      .catch((e) => void (unreachable ??= e))
      .then(() => {
        queued--;
        if (queued === 0 && pending.chunks.length >= minChunks) flush();
      });
  };

  return {
    add({ doc, chunks, hash, before, vectors, fields }: ReadyDocument): void {
      pending.chunks.push(
        ...chunks.map((c, j) =>
          toStoredChunk(doc, c, options.keywordForm, options.embedderName, vectors?.[j] ?? null, fields[j]),
        ),
      );
      pending.records.push(toDocumentRecord(doc, chunks, hash, vectors !== null));
      if (before && before.chunkCount > chunks.length) pending.shrunk.push({ documentId: doc.id, from: chunks.length });
      pending.kinds.push(before ? 'updated' : 'added');
      if (!vectors && options.embedderName) summary.chunksWithoutVectors += chunks.length;
      const size = pending.chunks.length;
      if (size >= maxChunks || (queued === 0 && size >= minChunks)) flush();
    },
    /** Writes what is left and waits for every write. */
    async finish(): Promise<void> {
      if (pending.records.length > 0) flush();
      while (queued > 0) await inFlight;
      if (unreachable) throw unreachable;
    },
  };
}

async function writeBatch(batch: Pending, options: IndexOptions, summary: IndexSummary): Promise<void> {
  try {
    await options.store.writeChunks(batch.chunks);
    for (const s of batch.shrunk) await options.store.deleteChunks(s.documentId, s.from);
    await options.store.putDocuments(batch.records);
    summary.chunksWritten += batch.chunks.length;
    for (const [i, kind] of batch.kinds.entries()) {
      summary[kind]++;
      options.onDocument?.(batch.records[i].documentId, kind, batch.records[i].chunkCount);
    }
  } catch (e) {
    if (isStoreOutage(e)) throw e;
    for (const { documentId } of batch.records) {
      summary.failed.push({ documentId, message: errorMessage(e) });
      options.onDocument?.(documentId, 'failed', 0, errorMessage(e));
    }
  }
}
