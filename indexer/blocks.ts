import { splitGluedHeading } from './glued-heading.ts';
import { type Heading, parseHeading } from './headings.ts';
import { type Span, lineSpans, spanText } from '../text/spans.ts';

/** A line of the document once classified: a heading, or a body paragraph. */
export type Block = { kind: 'heading'; span: Span; heading: Heading } | { kind: 'body'; span: Span };

/** Splits a document into heading and paragraph blocks, in order, with offsets into text. */
export function readBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  for (const line of lineSpans(text)) {
    for (const span of splitGluedHeading(text, line)) {
      const heading = parseHeading(spanText(text, span));
      blocks.push(heading ? { kind: 'heading', span, heading } : { kind: 'body', span });
    }
  }
  return blocks;
}
