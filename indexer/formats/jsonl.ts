import { KensakuError } from '../../errors/kensaku-error.ts';
import { decodeText } from '../decode.ts';
import { recordFields, recordToDocument } from './record.ts';
import { sourceName } from './single-document.ts';
import type { FormatParser } from './types.ts';

/** JSON Lines: one record per line, blank lines skipped; errors name the 1-based line number. */
export const parseJsonl: FormatParser = async (fileName, bytes, options) => {
  const fields = recordFields(options.json);
  const source = sourceName(fileName);
  return decodeText(bytes, fileName)
    .split('\n')
    .flatMap((line, i) => (line.trim() === '' ? [] : [{ line, where: `${fileName} line ${i + 1}` }]))
    .map(({ line, where }) => recordToDocument(parseLine(line, where), fields, where, source));
};

function parseLine(line: string, where: string): unknown {
  try {
    return JSON.parse(line);
  } catch (e) {
    throw new KensakuError('invalid_document', `${where}: not valid JSON (${(e as Error).message})`);
  }
}
