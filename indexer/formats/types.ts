import type { SourceDocument } from '../../domain/documents.ts';

/** Field names of JSON/JSONL records (defaults: id, title, text; url and tags are always read). */
export interface JsonFieldOptions {
  idField?: string;
  titleField?: string;
  textField?: string;
}

export interface ParseOptions {
  json?: JsonFieldOptions;
  /** Id of the document for single-document formats; default: the file name as given, with `/` separators. */
  documentId?: string;
}

/** One parser per format: file name (for messages), raw bytes, options → documents. */
export type FormatParser = (fileName: string, bytes: Uint8Array, options: ParseOptions) => Promise<SourceDocument[]>;
