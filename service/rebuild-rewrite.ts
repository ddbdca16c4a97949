import type { Chunk, DocumentRecord, SourceDocument, StoredChunk } from '../domain/documents.ts';
import type { Embedder } from '../embeddings/types.ts';
import { chunkDocument } from '../indexer/chunker.ts';
import { embeddingText } from '../indexer/embedding-text.ts';
import type { KeywordForm } from '../indexer/keyword-form.ts';
import { documentHash, toStoredChunk } from '../indexer/pipeline/to-stored.ts';
import type { NodeStore } from '../store/types.ts';

export interface RewriteOptions {
  keywordForm: KeywordForm;
  maxChars: number;
  /** The model for texts no old chunk had (a chunking change), or for every chunk (`reembed`); null while it is down. */
  embedder: Embedder | null;
  embedderName: string | null;
  /** Every chunk embedded again with `embedder`, even where an old vector exists. */
  reembed: boolean;
}

export interface RewrittenPage {
  chunks: StoredChunk[];
  documents: DocumentRecord[];
  /** Documents without kept text, whose chunks stay as they were cut. */
  kept: number;
}

/**
 * A page of documents as the current settings make them: cut again by the chunker from the text their record keeps
 * (so a CHUNK_MAX_CHARS change takes effect), with keyword fields under the current FOLD and READINGS, and each
 * record's hash as a new index run would compute it. A chunk keeps its old vector when an old chunk of its document
 * had the same embedding text (one text per call embeds deterministically, so the model would give the same vector);
 * only new texts go to the model, or, without it, in without a vector for the `vectors` task to fill.
 */
export async function rewriteDocuments(
  store: NodeStore,
  records: DocumentRecord[],
  options: RewriteOptions,
): Promise<RewrittenPage> {
  const form = options.keywordForm;
  const filter = `documentId IN [${records.map((r) => JSON.stringify(r.documentId)).join(', ')}]`;
  const stored: StoredChunk[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await store.pageChunks(filter, 1000, offset, !options.reembed);
    stored.push(...page.chunks);
    if (page.chunks.length < 1000) break;
  }
  const byDocument = new Map<string, StoredChunk[]>();
  for (const c of stored) {
    const own = byDocument.get(c.documentId);
    if (own) own.push(c);
    else byDocument.set(c.documentId, [c]);
  }
  const out: RewrittenPage = { chunks: [], documents: [], kept: 0 };
  for (const record of records) {
    const old = (byDocument.get(record.documentId) ?? []).sort((a, b) => a.ordinal - b.ordinal);
    const doc = sourceOf(record);
    const originals = record.body ? chunkDocument(doc, { maxChars: options.maxChars }) : old.map(originalOf);
    if (!record.body) out.kept++;
    const oldByText = new Map(old.map((c) => [embeddingText(originalOf(c)), c]));
    let complete = true;
    for (const chunk of originals) {
      const text = embeddingText(chunk);
      const before = options.reembed ? undefined : oldByText.get(text);
      const vector = before ? null : await embedOne(options, text);
      const { _vectors, ...made } = toStoredChunk(doc, chunk, form, options.embedderName, vector);
      // An old vector goes back as Meilisearch gave it (every embedder's), which a write takes back.
      const vectors = before ? before._vectors : _vectors;
      const hasVector = before ? before.hasVector : vector !== null;
      complete &&= hasVector;
      out.chunks.push({ ...made, hasVector, ...(vectors ? { _vectors: vectors } : {}) });
    }
    out.documents.push({
      ...record,
      hash: documentHash(doc, originals, form),
      chunkCount: originals.length,
      vectorsComplete: complete,
    });
  }
  return out;
}

async function embedOne(options: RewriteOptions, text: string): Promise<number[] | null> {
  if (!options.embedder || !options.embedderName) return null;
  return (await options.embedder.embedPassages([text]))[0];
}

/** The document as it was given to the indexer: its kept text, or, without it, its record's fields alone. */
function sourceOf(record: DocumentRecord): SourceDocument {
  return {
    id: record.documentId,
    title: record.body ? record.body.title : record.title,
    text: record.body?.text ?? '',
    ...(record.body?.blocks ? { blocks: record.body.blocks } : {}),
    ...(record.url !== undefined ? { url: record.url } : {}),
    ...(record.source !== undefined ? { source: record.source } : {}),
    ...(record.tags !== undefined ? { tags: record.tags } : {}),
    ...(record.description !== undefined ? { description: record.description } : {}),
    ...(record.lang !== undefined ? { lang: record.lang } : {}),
    ...(record.meta !== undefined ? { meta: record.meta } : {}),
  };
}

/** The chunk as the chunker made it: its original text, without what the store adds. */
function originalOf(c: StoredChunk): Chunk {
  const { title, headingPath, originalText, documentId, chunkId, ordinal, start, end, hash } = c;
  return {
    documentId,
    chunkId,
    ordinal,
    title,
    headingPath,
    text: originalText,
    start,
    end,
    hash,
    ...(c.anchor !== undefined ? { anchor: c.anchor } : {}),
    ...(c.code !== undefined ? { code: c.code } : {}),
    ...(c.lead !== undefined ? { lead: c.lead } : {}),
    ...(c.sentences !== undefined ? { sentences: c.sentences } : {}),
  };
}
