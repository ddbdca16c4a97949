import type { SourceDocument } from '../domain/documents.ts';
import { decodeText } from '../indexer/decode.ts';
import { parseHtml } from '../indexer/formats/html.ts';
import { parseMarkdown } from '../indexer/formats/markdown.ts';
import { parsePdf } from '../indexer/formats/pdf.ts';
import { parseText } from '../indexer/formats/text.ts';
import type { FormatParser } from '../indexer/formats/types.ts';
import { readHtmlSignals } from './html-links.ts';
import type { ExtractionOverrides } from './types.ts';

export type PageKind = 'html' | 'markdown' | 'text' | 'pdf';

/** A page's document fields (id, url, source and tags are the crawler's) and what the crawl follows of it. */
export interface PageContent {
  fields: Omit<SourceDocument, 'id' | 'url' | 'source' | 'tags'>;
  canonical?: string;
  noindex: boolean;
  nofollow: boolean;
  links: string[];
}

const BY_TYPE: Record<string, PageKind> = {
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/plain': 'text',
  'application/pdf': 'pdf',
};
const BY_EXTENSION: Record<string, PageKind> = { html: 'html', htm: 'html', md: 'markdown', markdown: 'markdown', txt: 'text', pdf: 'pdf' };
const PARSERS: Record<PageKind, FormatParser> = { html: parseHtml, markdown: parseMarkdown, text: parseText, pdf: parsePdf };

/**
 * The format of a response: its Content-Type, else (none, or a generic `application/octet-stream`) its URL's
 * extension. Null for anything the indexer cannot read (images, scripts…): such a URL is skipped.
 */
export function kindOf(contentType: string | null, url: string): PageKind | null {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (BY_TYPE[type]) return BY_TYPE[type];
  // Static hosts often serve Markdown as text/plain: the extension says more.
  const extension = /\.([a-z]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  if (type === 'text/plain' && extension && BY_EXTENSION[extension] === 'markdown') return 'markdown';
  if (type === '' || type === 'application/octet-stream' || type === 'binary/octet-stream') return extension ? (BY_EXTENSION[extension] ?? null) : null;
  return null;
}

/**
 * Reads a fetched page into document fields with the indexer's format parsers (indexer/formats), plus, for HTML,
 * its links, canonical URL and robots meta. Null when the page asks to stay out of search (a format's own rule, such
 * as Markdown front matter); a page that cannot be read throws (a failed page, its last good version kept).
 */
export async function readPage(body: Uint8Array, options: { url: string; kind: PageKind; robotsToken: string; extraction?: ExtractionOverrides }): Promise<PageContent | null> {
  const { url, kind } = options;
  const docs = await PARSERS[kind](url, body, {});
  if (docs.length === 0) return null;
  const { id: _id, url: _url, source: _source, tags: _tags, ...fields } = docs[0];
  const signals = kind === 'html' ? readHtmlSignals(decodeText(body, url), url, options.robotsToken) : { links: [], noindex: false, nofollow: false };
  return { fields, ...signals };
}
