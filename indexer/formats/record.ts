import { KensakuError } from '../../errors/kensaku-error.ts';
import type { SourceDocument } from '../../domain/documents.ts';
import type { JsonFieldOptions } from './types.ts';

/** Field names with the defaults filled in. */
export function recordFields(options: JsonFieldOptions = {}): Required<JsonFieldOptions> {
  return { idField: options.idField ?? 'id', titleField: options.titleField ?? 'title', textField: options.textField ?? 'text' };
}

/**
 * One JSON record → a document. `where` names the file and record (`docs.jsonl line 3`) so a
 * refused record can be found. id may be a string or a number; text must be a non-empty string.
 */
export function recordToDocument(record: unknown, fields: Required<JsonFieldOptions>, where: string, source: string): SourceDocument {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) {
    throw new KensakuError('invalid_document', `${where}: a record must be a JSON object`);
  }
  const fieldsOf = record as Record<string, unknown>;
  const id = fieldsOf[fields.idField];
  const text = fieldsOf[fields.textField];
  if (!(typeof id === 'string' && id.trim() !== '') && !(typeof id === 'number' && Number.isFinite(id))) {
    throw new KensakuError('invalid_document', `${where}: missing id (field "${fields.idField}")`);
  }
  if (typeof text !== 'string' || text.trim() === '') {
    throw new KensakuError('invalid_document', `${where}: missing text (field "${fields.textField}")`);
  }
  const title = fieldsOf[fields.titleField];
  const tags = readTags(fieldsOf.tags);
  const url = fieldsOf.url;
  return {
    id: String(id),
    title: typeof title === 'string' ? title : '',
    text: text.replace(/\r\n?/g, '\n'),
    source,
    ...(typeof url === 'string' ? { url } : {}),
    ...(tags ? { tags } : {}),
  };
}

function readTags(tags: unknown): string[] | undefined {
  if (typeof tags === 'string') return [tags];
  if (Array.isArray(tags)) return tags.filter((tag): tag is string => typeof tag === 'string');
  return undefined;
}
