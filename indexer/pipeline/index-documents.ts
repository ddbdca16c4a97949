import type { DocumentRecord, SourceDocument } from '../../domain/documents.ts';
import { createBatchWriter, type ReadyDocument } from './batch-writer.ts';
import { fieldsBesideEmbedding, prepareDocument, type PreparedDocument } from './prepare.ts';
import { emptySummary, type IndexOptions, type IndexSummary } from './types.ts';
import { errorMessage } from '../../errors/kensaku-error.ts';

/** What became of one document; the promise behind it never rejects, so a model error fails only its document. */
type Outcome =
  | { kind: 'ready'; ready: ReadyDocument }
  | { kind: 'unchanged'; documentId: string; chunkCount: number }
  | { kind: 'failed'; documentId: string; message: string };

/**
 * document → chunks → vectors → Meilisearch. Unchanged documents cost one hash comparison. Several documents embed
 * at once when the embedder runs texts in parallel (a worker pool); they are written in input order all the same.
 * Chunking and keyword fields run on `options.preparer`'s thread when given, else on this one beside the embedding.
 */
export async function indexDocuments(docs: SourceDocument[], options: IndexOptions): Promise<IndexSummary> {
  const summary = emptySummary();
  // Only these documents' records: a small write into a large index reads a page, not the whole inventory.
  const known = new Map(
    (await options.store.getDocumentsByIds([...new Set(docs.map((d) => d.id))], { body: false })).map((r) => [
      r.documentId,
      r,
    ]),
  );
  const writer = createBatchWriter(options, summary);
  // Twice the embedder's parallelism, so a worker finds the next text waiting when it frees up.
  const depth = 2 * Math.max(1, options.embedder?.parallelism ?? 1);
  const window: Promise<Outcome>[] = [];
  let documentsDone = 0;
  let chunksDone = 0;

  const settle = async () => {
    const outcome = await window.shift()!;
    if (outcome.kind === 'failed') {
      summary.failed.push({ documentId: outcome.documentId, message: outcome.message });
      options.onDocument?.(outcome.documentId, 'failed', 0, outcome.message);
    } else if (outcome.kind === 'unchanged') {
      summary.unchanged++;
      chunksDone += outcome.chunkCount;
      options.onDocument?.(outcome.documentId, 'unchanged', 0);
    } else {
      writer.add(outcome.ready);
      chunksDone += outcome.ready.chunks.length;
    }
    options.onProgress?.({ documentsDone: ++documentsDone, documentsTotal: docs.length, chunksDone });
  };

  // A preparer works ahead of the window: the next documents are chunked and read before the model is free for them.
  const { preparer } = options;
  const ahead = new Map<number, Promise<PreparedDocument>>();
  let sent = 0;
  const prepareAhead = (until: number) => {
    for (; sent < Math.min(docs.length, until); sent++) {
      const p = preparer!.prepare(docs[sent], requestFor(known.get(docs[sent].id), options));
      p.catch(() => undefined); // its failure is that document's, reported when it settles
      ahead.set(sent, p);
    }
  };
  for (const [i, doc] of docs.entries()) {
    let onPreparer: Promise<PreparedDocument> | undefined;
    if (preparer) {
      prepareAhead(i + 2 * depth);
      onPreparer = ahead.get(i);
      ahead.delete(i);
    }
    window.push(prepare(doc, known.get(doc.id), options, onPreparer));
    if (window.length >= depth) await settle();
  }
  while (window.length > 0) await settle();
  await writer.finish();
  return summary;
}

const requestFor = (before: DocumentRecord | undefined, options: IndexOptions) => ({
  maxChars: options.maxChars,
  unchangedIf: before && (before.vectorsComplete || !options.embedder) ? before.hash : null,
});

async function prepare(
  doc: SourceDocument,
  before: DocumentRecord | undefined,
  options: IndexOptions,
  onPreparer?: Promise<PreparedDocument>,
): Promise<Outcome> {
  try {
    const prepared = onPreparer
      ? await onPreparer
      : prepareDocument(doc, options.keywordForm, requestFor(before, options), false);
    if (prepared.unchanged) return { kind: 'unchanged', documentId: doc.id, chunkCount: prepared.chunkCount };
    const { chunks, hash, texts } = prepared;
    // No embedder (semantic leg down): chunks go in without vectors and are filled in later. Settled as an outcome
    // at once, so a model error is never left unhandled while the fields are made.
    const embedding =
      options.embedder && options.embedderName
        ? options.embedder.embedPassages(texts).then(
            (v) => ({ v }),
            (e: unknown) => ({ e }),
          )
        : null;
    const fields = prepared.fields ?? (await fieldsBesideEmbedding(chunks, options.keywordForm));
    const embedded = embedding ? await embedding : null;
    if (embedded && 'e' in embedded) throw embedded.e;
    return { kind: 'ready', ready: { doc, chunks, hash, before, vectors: embedded?.v ?? null, fields } };
  } catch (e) {
    return { kind: 'failed', documentId: doc.id, message: errorMessage(e) };
  }
}
