import type { Block } from './blocks.ts';
import { spanText } from '../text/spans.ts';

/** Title and byline lines are short; four lines covers org + title + date + byline. */
const MAX_PREAMBLE_LINES = 4;
const MAX_PREAMBLE_CHARS = 50;
const SENTENCE_MARK = /[。！？]|[.!?](?:\s|$)/u;

/**
 * Separates the leading short lines (title, byline, date) from the body. They describe the
 * document rather than say anything, so they become context (the title), not chunks. They only
 * count as a preamble when something follows them, so a document of short lines keeps them all.
 */
export function splitPreamble(text: string, blocks: Block[]): { preamble: string[]; body: Block[] } {
  let count = 0;
  while (count < blocks.length && isPreambleLine(text, blocks[count])) count++;
  if (count === 0 || count === blocks.length || count > MAX_PREAMBLE_LINES) {
    return { preamble: [], body: blocks };
  }
  return {
    preamble: blocks.slice(0, count).map((block) => spanText(text, block.span)),
    body: blocks.slice(count),
  };
}

function isPreambleLine(text: string, block: Block): boolean {
  if (block.kind !== 'body' || block.code) return false;
  const line = spanText(text, block.span);
  return line.length <= MAX_PREAMBLE_CHARS && !SENTENCE_MARK.test(line);
}
