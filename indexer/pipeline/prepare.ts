import type { Chunk, SourceDocument } from '../../domain/documents.ts';
import { chunkDocument, embeddingText } from '../chunker.ts';
import type { KeywordFields, KeywordForm } from '../keyword-form.ts';
import { documentHash } from './to-stored.ts';

/** A document chunked and hashed; a changed one also has its texts to embed and its chunks' keyword fields. */
export type PreparedDocument =
  | { unchanged: true; chunkCount: number }
  | { unchanged: false; chunks: Chunk[]; hash: string; texts: string[]; fields?: KeywordFields[] };

export interface PrepareRequest {
  maxChars: number;
  /** The stored hash when a match means nothing to do (the document is unchanged and has its vectors). */
  unchangedIf: string | null;
}

/**
 * Chunking, hashing and keyword fields (readings: the costly part, ~1–2 ms a chunk) on another thread, so the thread
 * that hands texts to the model stays free (worker-preparer.ts).
 */
export interface DocumentPreparer {
  prepare(doc: SourceDocument, request: PrepareRequest): Promise<PreparedDocument>;
  close(): Promise<void>;
}

/** What a preparer does for one document; `withFields` false leaves the keyword fields to the caller. */
export function prepareDocument(
  doc: SourceDocument,
  form: KeywordForm,
  { maxChars, unchangedIf }: PrepareRequest,
  withFields: boolean,
): PreparedDocument {
  const chunks = chunkDocument(doc, { maxChars });
  const hash = documentHash(doc, chunks, form);
  if (unchangedIf !== null && hash === unchangedIf) return { unchanged: true, chunkCount: chunks.length };
  const texts = chunks.map(embeddingText);
  return {
    unchanged: false,
    chunks,
    hash,
    texts,
    ...(withFields ? { fields: chunks.map((c) => form.fieldsOf(c)) } : {}),
  };
}

/**
 * The keyword fields on this thread, a chunk per event-loop turn: run beside the document's embedding, they never
 * hold the thread for more than one chunk's readings (a search answered meanwhile waits that long at most).
 */
export async function fieldsBesideEmbedding(chunks: Chunk[], form: KeywordForm): Promise<KeywordFields[]> {
  const fields: KeywordFields[] = [];
  for (const chunk of chunks) {
    await new Promise<void>((r) => setImmediate(r));
    fields.push(form.fieldsOf(chunk));
  }
  return fields;
}
