import type { SourceDocument } from '../domain/documents.ts';
import { splitGluedHeading } from './glued-heading.ts';
import { type Heading, parseHeading } from './headings.ts';
import { type Span, lineSpans, spanText } from '../text/spans.ts';

/** A line of the document once classified: a heading, or a body paragraph (a whole code block when `code`). */
export type Block = { kind: 'heading'; span: Span; heading: Heading } | { kind: 'body'; span: Span; code?: boolean };

/** The document's blocks: as its format gave them (Markdown, HTML), else read from its lines. */
export function documentBlocks(doc: SourceDocument): Block[] {
  if (!doc.blocks) return readBlocks(doc.text);
  return doc.blocks.map((b): Block => {
    const span = { start: b.start, end: b.end };
    if (b.kind === 'heading')
      return {
        kind: 'heading',
        span,
        heading: { level: b.level, text: b.text, ...(b.anchor ? { anchor: b.anchor } : {}) },
      };
    return b.kind === 'code' ? { kind: 'body', span, code: true } : { kind: 'body', span };
  });
}

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
