import type { Block } from './blocks.ts';

/** Lines that date or sign a document rather than name it. */
const DATE =
  /^(?:(?:令和|平成|昭和)[0-9０-９元]+年|[0-9０-９]{4}\s*年|[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}|[0-9０-９]{1,2}月[0-9０-９]{1,2}日$)/u;
const BYLINE = /(?:大臣|長官|次官|局長|課長|部長|室長|省|庁|局|課|室|部)$|^by\s|^(?:作成|文責|発行|担当)[:：]/iu;

/**
 * Picks a title when the document has none. Rule: the LAST preamble line that is not a date or a
 * byline (Japanese official documents put the issuer first: `岸田外務大臣` then `日米外相会談(概要)`);
 * if every preamble line is a date/byline, the first one; with no preamble, a heading that opens
 * the document (`# Title`); otherwise ''.
 */
export function chooseTitle(preamble: string[], body: Block[]): string {
  const named = preamble.filter((line) => !DATE.test(line) && !BYLINE.test(line));
  if (named.length > 0) return named[named.length - 1];
  if (preamble.length > 0) return preamble[0];
  const first = body[0];
  return first?.kind === 'heading' ? first.heading.text : '';
}
