import { decodeText } from '../decode.ts';
import { htmlToText } from './html-text.ts';
import { singleDocument } from './single-document.ts';
import type { FormatParser } from './types.ts';

/** HTML: visible text with headings as `#` lines; title from <title> or the first h1. */
export const parseHtml: FormatParser = async (fileName, bytes, options) => {
  const { title, text } = htmlToText(decodeText(bytes, fileName));
  return singleDocument(fileName, options, title, text);
};
