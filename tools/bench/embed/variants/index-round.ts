// One round through indexDocuments, with the store and embedder wrapped so the wall time splits into embedding,
// Meilisearch writes and the last write's wait (the end-to-end profile table).
import { createKeywordForm } from '../../../../indexer/keyword-form.ts';
import { FOLD_RULES } from '../../../../domain/fold-rules.ts';
import type { Embedder } from '../../../../embeddings/types.ts';
import { indexDocuments } from '../../../../indexer/pipeline/index-documents.ts';
import type { IndexSummary } from '../../../../indexer/pipeline/types.ts';
import type { DocumentPreparer } from '../../../../indexer/pipeline/prepare.ts';
import type { ChunkStore } from '../../../../store/chunk-store.ts';
import { cpuSeconds } from '../../../lib/proc.ts';
import { measured } from './measure.ts';
import type { Measurement, Round } from './types.ts';

interface Timings {
  embed: number;
  write: number;
  list: number;
  embedCalls: number;
  /** performance.now() when the last embedPassages call returned. */
  lastEmbedEnd: number;
}

function timedParts(store: ChunkStore, inner: Embedder, t: Timings): { store: ChunkStore; embedder: Embedder } {
  // Several embedding calls overlap when the embedder is a pool: count the time any of them is in flight.
  let active = 0;
  let since = 0;
  const timed =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>, key: 'embed' | 'write' | 'list') =>
    async (...a: A): Promise<R> => {
      const s = performance.now();
      if (key === 'embed' && active++ === 0) since = s;
      try {
        return await fn(...a);
      } finally {
        const e = performance.now();
        if (key !== 'embed') t[key] += (e - s) / 1000;
        else {
          if (--active === 0) t.embed += (e - since) / 1000;
          t.embedCalls++;
          t.lastEmbedEnd = Math.max(t.lastEmbedEnd, e);
        }
      }
    };
  return {
    store: {
      ...store,
      writeChunks: timed(store.writeChunks, 'write'),
      putDocuments: timed(store.putDocuments, 'write'),
      deleteChunks: timed(store.deleteChunks, 'write'),
      getDocumentsByIds: timed(store.getDocumentsByIds, 'list'),
    },
    embedder: {
      modelId: inner.modelId,
      dimensions: inner.dimensions,
      fingerprint: inner.fingerprint,
      embedPassages: timed((texts: string[]) => inner.embedPassages(texts), 'embed'),
      parallelism: inner.parallelism,
      embedQuery: (q) => inner.embedQuery(q),
      close: async () => {},
    },
  };
}

// The pipeline's form, as the service makes it from the default settings (a preparer's worker builds the same one).
export const BENCH_FORM = { fold: [...FOLD_RULES], readings: true };
const keywordForm = createKeywordForm(BENCH_FORM);

/** indexDocuments of one round through timed store and embedder wrappers. */
export async function indexRound(
  round: Round,
  store: ChunkStore,
  inner: Embedder,
  embedderName: string,
  maxChars: number,
  otherPid?: number,
  preparer?: DocumentPreparer,
): Promise<Measurement & { summary: IndexSummary }> {
  const t: Timings = { embed: 0, write: 0, list: 0, embedCalls: 0, lastEmbedEnd: 0 };
  const parts = timedParts(store, inner, t);
  const other0 = otherPid ? cpuSeconds(otherPid) : NaN;
  const m = await measured(() =>
    indexDocuments(round.documents, {
      store: parts.store,
      embedder: parts.embedder,
      embedderName,
      maxChars,
      keywordForm,
      preparer,
    }),
  );
  const end = performance.now();
  const summary = m.value;
  if (summary.failed.length || summary.chunksWritten !== round.texts.length) {
    throw new Error(
      `end-to-end: expected ${round.texts.length} chunks written, got ${summary.chunksWritten}; failed: ${JSON.stringify(summary.failed.slice(0, 3))}`,
    );
  }
  return {
    summary,
    passages: summary.chunksWritten,
    seconds: m.seconds,
    nodeCpu: m.nodeCpu,
    otherCpu: otherPid ? cpuSeconds(otherPid) - other0 : undefined,
    // embed: time some embedPassages call was in flight; write: Meilisearch writes incl. their task waits (they overlap
    // embedding, except the last batch); tail: last embedding done -> indexDocuments returned (the last batch's write).
    detail: {
      embed_s: t.embed,
      write_s: t.write,
      list_s: t.list,
      tail_s: (end - t.lastEmbedEnd) / 1000,
      embed_calls: t.embedCalls,
    },
  };
}
