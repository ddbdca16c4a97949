import type { SourceDocument } from '../domain/documents.ts';
import { decodeText } from '../indexer/decode.ts';
import { extractHtml } from '../indexer/formats/html-extract.ts';
import { parseMarkdown } from '../indexer/formats/markdown.ts';
import { parsePdf } from '../indexer/formats/pdf.ts';
import { parseText } from '../indexer/formats/text.ts';
import type { FormatParser } from '../indexer/formats/types.ts';
import type { ExtractionOverrides } from './types.ts';

export type PageKind = 'html' | 'markdown' | 'text' | 'pdf';

/** A page's document fields (id, url, source and tags are the crawler's) and what the crawl follows of it. */
export interface PageContent {
  fields: Omit<SourceDocument, 'id' | 'url' | 'source' | 'tags'>;
  /** `<link rel=canonical>`, absolute. */
  canonical?: string;
  noindex: boolean;
  nofollow: boolean;
  /** Absolute http(s) URLs the page links to. */
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
const BY_EXTENSION: Record<string, PageKind> = {
  html: 'html',
  htm: 'html',
  md: 'markdown',
  markdown: 'markdown',
  txt: 'text',
  pdf: 'pdf',
};
const PARSERS: Record<Exclude<PageKind, 'html'>, FormatParser> = {
  markdown: parseMarkdown,
  text: parseText,
  pdf: parsePdf,
};

/** What the page reader's worker is sent: a page's bytes and how to read them (structured clone). */
export interface PageRequest {
  body: Uint8Array;
  options: { url: string; kind: PageKind; extraction?: ExtractionOverrides };
}

/**
 * The format of a response: its Content-Type, else (none, or a generic `application/octet-stream`) its URL's
 * extension. Null for anything the indexer cannot read (images, scripts…): such a URL is skipped.
 */
export function kindOf(contentType: string | null, url: string): PageKind | null {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const extension = /\.([a-z]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  // Static hosts often serve Markdown as text/plain: the extension says more.
  if (type === 'text/plain' && extension && BY_EXTENSION[extension] === 'markdown') return 'markdown';
  if (BY_TYPE[type]) return BY_TYPE[type];
  if (type === '' || type === 'application/octet-stream' || type === 'binary/octet-stream')
    return extension ? (BY_EXTENSION[extension] ?? null) : null;
  return null;
}

/**
 * Reads a fetched page into document fields with the indexer's formats: HTML through extractHtml (main content, the
 * owner's selectors, links, canonical URL, robots meta), Markdown, PDF and text through their parsers. Null when the
 * page asks to stay out of search (Markdown front matter); a page that cannot be read throws (a failed page, its
 * last good version kept). It runs on the page reader's worker (page-reader.ts).
 */
export async function readPage({ body, options }: PageRequest): Promise<PageContent | null> {
  const { url, kind } = options;
  const { contentSelector, ignoreSelectors, slugger } = options.extraction ?? {};
  if (kind === 'html') {
    const page = extractHtml(decodeText(body, url), { url, contentSelector, ignoreSelectors });
    return {
      fields: page.document,
      canonical: page.canonical,
      noindex: page.noindex,
      nofollow: page.nofollow,
      links: page.links,
    };
  }
  const docs = await PARSERS[kind](url, body, slugger ? { markdown: { slugger } } : {});
  if (docs.length === 0) return null;
  const { id: _id, url: _url, source: _source, tags: _tags, ...fields } = docs[0];
  return { fields, noindex: false, nofollow: false, links: [] };
}
