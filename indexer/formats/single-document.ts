import type { SourceDocument } from '../../domain/documents.ts';
import type { ParseOptions } from './types.ts';

/** The file name as the `source` and default id: posix separators, so ids match across OSes. */
export function sourceName(fileName: string): string {
  return fileName.replaceAll('\\', '/');
}

/** The document of a one-document format (text, Markdown, HTML, PDF): id defaults to the file name. */
export function singleDocument(fileName: string, options: ParseOptions, title: string, text: string): SourceDocument[] {
  const source = sourceName(fileName);
  return [{ id: options.documentId ?? source, title, text, source }];
}
