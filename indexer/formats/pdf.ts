import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { KensakuError, asError } from '../../errors/kensaku-error.ts';
import { singleDocument } from './single-document.ts';
import type { FormatParser } from './types.ts';

/**
 * pdf-parse does not point pdf.js at its CMaps and standard fonts; without the CMaps, Japanese
 * PDFs that use predefined CJK encodings (UniJIS-UCS2-H, 90ms-RKSJ-H…) lose their text.
 */
const pdfjsDir = dirname(
  createRequire(createRequire(import.meta.url).resolve('pdf-parse')).resolve('pdfjs-dist/package.json'),
);
const ASSETS = {
  cMapUrl: `${join(pdfjsDir, 'cmaps')}/`,
  cMapPacked: true,
  standardFontDataUrl: `${join(pdfjsDir, 'standard_fonts')}/`,
};

/** PDF: the text layer, pages joined by a newline; title from the PDF's Title metadata if any. */
export const parsePdf: FormatParser = async (fileName, bytes, options) => {
  // Loaded on the first PDF: pdf.js's legacy build installs core-js polyfills process-wide (JSON.parse among
  // them), which a server that never sees a PDF should not carry; it also costs start-up time.
  const { PDFParse } = await import('pdf-parse');
  // pdf.js takes ownership of (detaches) the array it is given: hand it a copy.
  const parser = new PDFParse({ data: new Uint8Array(bytes), ...ASSETS });
  try {
    const result = await parser.getText({ pageJoiner: '' });
    const text = result.pages.map((page) => page.text.trim()).join('\n');
    if (text.trim() === '') {
      throw new KensakuError('invalid_document', `${fileName}: the PDF has no text layer (scanned? run OCR first)`);
    }
    const info = await parser.getInfo();
    const title = typeof info.info?.Title === 'string' ? info.info.Title.trim() : '';
    return singleDocument(fileName, options, title, text);
  } catch (e) {
    if (e instanceof KensakuError) throw e;
    throw new KensakuError('invalid_document', `${fileName}: cannot read PDF (${(e as Error).message})`, {
      cause: asError(e),
    });
  } finally {
    await parser.destroy();
  }
};
