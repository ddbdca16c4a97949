import { KensakuError } from '../../errors/kensaku-error.ts';
import type { SourceDocument } from '../../domain/documents.ts';
import { validateDocument } from './document-schema.ts';
import type { JsonFieldOptions } from './types.ts';

/** Field names with the defaults filled in. */
export function recordFields(options: JsonFieldOptions = {}): Required<JsonFieldOptions> {
  return {
    idField: options.idField ?? 'id',
    titleField: options.titleField ?? 'title',
    textField: options.textField ?? 'text',
  };
}

/**
 * One JSON record → a document, by the rules a POST /documents body follows (document-schema.ts). `where` names
 * the file and record (`docs.jsonl line 3`) so a refused record can be found; messages use the file's field names.
 * The document's source is the file, whatever the record says.
 */
export function recordToDocument(
  record: unknown,
  fields: Required<JsonFieldOptions>,
  where: string,
  source: string,
): SourceDocument {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    throw new KensakuError('invalid_document', `${where}: a record must be a JSON object`);
  }
  const fieldsOf = record as Record<string, unknown>;
  const picked = {
    id: fieldsOf[fields.idField],
    title: fieldsOf[fields.titleField],
    text: fieldsOf[fields.textField],
    url: fieldsOf.url,
    tags: fieldsOf.tags,
  };
  const present = Object.fromEntries(Object.entries(picked).filter(([, v]) => v !== undefined));
  const doc = validateDocument(present, where, {
    id: fields.idField,
    title: fields.titleField,
    text: fields.textField,
  });
  return { ...doc, text: doc.text.replace(/\r\n?/g, '\n'), source };
}
