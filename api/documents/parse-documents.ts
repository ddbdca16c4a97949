import { parseFile } from '../../indexer/formats/index.ts';
import type { SourceDocument } from '../../domain/documents.ts';
import { errorMessage, KensakuError } from '../../errors/kensaku-error.ts';
import type { ParsedDocuments } from '../../service/indexing-service.ts';
import { describeIssues, validateDocument } from '../../indexer/formats/document-schema.ts';
import { fileDocumentSchema } from './schemas.ts';

/** Reads a POST /documents body: one document, `{documents: [...]}`, NDJSON, or files as base64. */
export async function parseDocumentsBody(raw: string, contentType: string): Promise<ParsedDocuments> {
  const entries = contentType.includes('ndjson') ? parseNdjson(raw) : entriesOf(parseJson(raw));
  const out: ParsedDocuments = { documents: [], errors: [] };
  for (const [i, entry] of entries.entries()) {
    const label = typeof (entry as { id?: unknown })?.id === 'string' ? (entry as { id: string }).id : `#${i}`;
    try {
      out.documents.push(...(await toSourceDocuments(entry)));
    } catch (e) {
      out.errors.push({ documentId: label, message: errorMessage(e) });
    }
  }
  return out;
}

async function toSourceDocuments(entry: unknown): Promise<SourceDocument[]> {
  if (entry instanceof KensakuError) throw entry;
  if (entry && typeof entry === 'object' && 'contentBase64' in entry) {
    const checked = fileDocumentSchema.safeParse(entry);
    if (!checked.success) throw new KensakuError('invalid_document', describeIssues(checked.error));
    const file = checked.data;
    const { contentSelector, ignoreSelectors, slugger } = file.extraction ?? {};
    const docs = await parseFile(file.filename, Buffer.from(file.contentBase64, 'base64'), {
      documentId: file.id,
      html: { contentSelector, ignoreSelectors },
      ...(slugger ? { markdown: { slugger } } : {}),
    });
    return docs.map((d) => ({
      ...d,
      title: file.title ?? d.title,
      url: file.url ?? d.url,
      tags: file.tags ?? d.tags,
      source: file.filename,
    }));
  }
  // The same validator as a record of a .json/.jsonl file (indexer/formats/record.ts).
  return [validateDocument(entry)];
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new KensakuError(
      'invalid_request',
      'body is not valid JSON (send application/x-ndjson for one document per line)',
    );
  }
}

function entriesOf(body: unknown): unknown[] {
  if (body && typeof body === 'object' && Array.isArray((body as { documents?: unknown }).documents)) {
    return (body as { documents: unknown[] }).documents;
  }
  if (Array.isArray(body)) return body;
  return [body];
}

function parseNdjson(raw: string): unknown[] {
  return raw
    .split('\n')
    .filter((l) => l.trim())
    .map((line, i) => {
      try {
        return JSON.parse(line);
      } catch {
        return new KensakuError('invalid_document', `line ${i + 1} is not valid JSON`);
      }
    });
}
