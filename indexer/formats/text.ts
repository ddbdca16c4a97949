import { decodeText } from '../decode.ts';
import { singleDocument } from './single-document.ts';
import type { FormatParser } from './types.ts';

/** Plain text: the title is left '' so the chunker picks it from the leading lines. */
export const parseText: FormatParser = async (fileName, bytes, options) =>
  singleDocument(fileName, options, '', decodeText(bytes, fileName));
