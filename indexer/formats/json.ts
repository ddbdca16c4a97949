import { KensakuError } from '../../errors/kensaku-error.ts';
import { decodeText } from '../decode.ts';
import { recordFields, recordToDocument } from './record.ts';
import { sourceName } from './single-document.ts';
import type { FormatParser } from './types.ts';

/** JSON: an array of records, or one record. Each record's own id is its document id. */
export const parseJson: FormatParser = async (fileName, bytes, options) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeText(bytes, fileName));
  } catch (e) {
    if (e instanceof KensakuError) throw e;
    throw new KensakuError('invalid_document', `${fileName}: not valid JSON (${(e as Error).message})`);
  }
  const fields = recordFields(options.json);
  const source = sourceName(fileName);
  if (!Array.isArray(parsed)) return [recordToDocument(parsed, fields, fileName, source)];
  return parsed.map((record, i) => recordToDocument(record, fields, `${fileName} record ${i}`, source));
};
