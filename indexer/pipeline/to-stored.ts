import { createHash } from 'node:crypto';
import type { Chunk, DocumentRecord, SourceDocument, StoredChunk } from '../../domain/documents.ts';
import { chunkKey, documentKey } from '../../store/ids.ts';
import type { KeywordFields, KeywordForm } from '../keyword-form.ts';

/**
 * The document's identity for change detection: every chunk hash, the metadata stored with them, and the keyword
 * form (a new fold or reading rule rewrites the chunks; it re-embeds them too, a one-off cost of such a change).
 */
export function documentHash(doc: SourceDocument, chunks: Chunk[], form: KeywordForm): string {
  const h = createHash('sha256');
  const fields: unknown[] = [doc.title, doc.url ?? null, doc.source ?? null, doc.tags ?? [], form.fingerprint];
  // Only when the document has one of them: a document without keeps the hash it always had, so an upgrade
  // re-embeds nothing. Meta's keys sorted, so reordering front matter is no change.
  const { description, lang, meta } = pageFields(doc);
  if (description !== undefined || lang !== undefined || meta !== undefined)
    fields.push(description ?? null, lang ?? null, meta === undefined ? null : sortKeys(meta));
  const formPart = form.documentPart?.(chunks);
  if (formPart !== undefined) fields.push(formPart);
  h.update(JSON.stringify(fields));
  for (const c of chunks) h.update(c.hash);
  return h.digest('hex');
}

/** A page's description, lang and meta, each only when set (an empty string or `{}` is none). */
function pageFields(doc: SourceDocument): Pick<DocumentRecord, 'description' | 'lang' | 'meta'> {
  return {
    ...(doc.description ? { description: doc.description } : {}),
    ...(doc.lang ? { lang: doc.lang } : {}),
    ...(doc.meta && Object.keys(doc.meta).length > 0 ? { meta: doc.meta } : {}),
  };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}

/** A chunk as Meilisearch stores it; `vector` null marks it for a later fill-in. `fields`: form's, made beforehand. */
export function toStoredChunk(
  doc: SourceDocument,
  chunk: Chunk,
  form: KeywordForm,
  embedder: string | null,
  vector: number[] | null,
  fields: KeywordFields = form.fieldsOf(chunk),
): StoredChunk {
  return {
    ...chunk,
    id: chunkKey(doc.id, chunk.ordinal),
    ...fields,
    originalText: chunk.text,
    source: doc.source,
    url: doc.url,
    tags: doc.tags ?? [],
    ...(doc.lang ? { lang: doc.lang } : {}),
    hasVector: vector !== null,
    ...(embedder ? { _vectors: { [embedder]: vector } } : {}),
  };
}

export function toDocumentRecord(
  doc: SourceDocument,
  chunks: Chunk[],
  hash: string,
  vectorsComplete: boolean,
): DocumentRecord {
  return {
    id: documentKey(doc.id),
    documentId: doc.id,
    title: doc.title || chunks[0]?.title || '',
    hash,
    chunkCount: chunks.length,
    source: doc.source,
    url: doc.url,
    tags: doc.tags ?? [],
    ...pageFields(doc),
    indexedAt: new Date().toISOString(),
    vectorsComplete,
    body: { title: doc.title, text: doc.text, ...(doc.blocks ? { blocks: doc.blocks } : {}) },
  };
}
