import { extname } from 'node:path';
import { KensakuError } from '../../errors/kensaku-error.ts';
import type { SourceDocument } from '../../domain/documents.ts';
import { parseHtml } from './html.ts';
import { parseJson } from './json.ts';
import { parseJsonl } from './jsonl.ts';
import { parseMarkdown } from './markdown.ts';
import { parsePdf } from './pdf.ts';
import { parseText } from './text.ts';
import type { FormatParser, ParseOptions } from './types.ts';

export type { JsonFieldOptions, ParseOptions } from './types.ts';

const PARSERS: Record<string, FormatParser> = {
  '.txt': parseText,
  '.md': parseMarkdown,
  '.markdown': parseMarkdown,
  '.html': parseHtml,
  '.htm': parseHtml,
  '.pdf': parsePdf,
  '.json': parseJson,
  '.jsonl': parseJsonl,
};

/** File extensions parseFile accepts (lower case, with the dot). */
export const SUPPORTED_EXTENSIONS: readonly string[] = Object.keys(PARSERS);

/**
 * Parses one file into source documents, chosen by extension (case-insensitive). Single-document
 * formats take options.documentId, else the file name as given (with `/` separators); JSON/JSONL
 * records carry their own ids. Unknown extension → KensakuError('unsupported_format').
 */
export async function parseFile(
  fileName: string,
  bytes: Uint8Array,
  options: ParseOptions = {},
): Promise<SourceDocument[]> {
  const parser = PARSERS[extname(fileName).toLowerCase()];
  if (!parser) {
    throw new KensakuError(
      'unsupported_format',
      `${fileName}: unsupported file type (supported: ${SUPPORTED_EXTENSIONS.join(', ')})`,
    );
  }
  return parser(fileName, bytes, options);
}
