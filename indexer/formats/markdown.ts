import { decodeText } from '../decode.ts';
import { singleDocument } from './single-document.ts';
import type { FormatParser } from './types.ts';

const H1 = /^#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/mu;

/**
 * Markdown: the first `# ` heading is the title. The text is kept as written, headings included,
 * because the chunker reads `#`..`######` lines as the heading path.
 */
export const parseMarkdown: FormatParser = async (fileName, bytes, options) => {
  const text = decodeText(bytes, fileName);
  return singleDocument(fileName, options, H1.exec(text)?.[1] ?? '', text);
};
