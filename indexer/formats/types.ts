import type { SourceDocument } from '../../domain/documents.ts';
import type { SluggerKind } from './slug.ts';

/** Field names of JSON/JSONL records (defaults: id, title, text; url and tags are always read). */
export interface JsonFieldOptions {
  idField?: string;
  titleField?: string;
  textField?: string;
}

/** Markdown: whose heading ids the anchors of headings without `{#id}` follow (default vitepress; see slug.ts). */
export interface MarkdownOptions {
  slugger?: SluggerKind;
}

/**
 * A site owner's say over what of an HTML page is content (per source). Pages that mark `data-pagefind-body`
 * elements are read from those alone, and `data-pagefind-ignore` elements are always left out.
 */
export interface HtmlExtractOptions {
  /** CSS selector of the content root(s); a page where it matches nothing falls back to the automatic choice. */
  contentSelector?: string;
  /** CSS selectors of parts to leave out, on top of the defaults (navigation, headers, footers, sidebars, …). */
  ignoreSelectors?: string[];
}

export interface ParseOptions {
  json?: JsonFieldOptions;
  markdown?: MarkdownOptions;
  html?: HtmlExtractOptions;
  /** Id of the document for single-document formats; default: the file name as given, with `/` separators. */
  documentId?: string;
}

/** One parser per format: file name (for messages), raw bytes, options → documents. */
export type FormatParser = (fileName: string, bytes: Uint8Array, options: ParseOptions) => Promise<SourceDocument[]>;
