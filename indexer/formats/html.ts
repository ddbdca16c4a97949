import { decodeText } from '../decode.ts';
import { extractHtml } from './html-extract.ts';
import { sourceName } from './single-document.ts';
import type { FormatParser } from './types.ts';

/**
 * HTML: the page's main content (html-extract.ts) with headings as `#` lines and their ids as anchors; title,
 * description and lang from the page. A posted file has no URL, so its links and canonical are not used here.
 */
export const parseHtml: FormatParser = async (fileName, bytes, options) => {
  const { document } = extractHtml(decodeText(bytes, fileName), options.html);
  const source = sourceName(fileName);
  return [{ id: options.documentId ?? source, source, ...document }];
};
