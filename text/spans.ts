/** A stretch of SourceDocument.text; every chunk is cut from spans so offsets always slice back exactly. */
export interface Span {
  start: number;
  end: number;
}

const SPACE = /\s/u;

/** Shrinks a span past surrounding whitespace (JS \s includes the full-width space U+3000). */
export function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && SPACE.test(text[start])) start++;
  while (end > start && SPACE.test(text[end - 1])) end--;
  return { start, end };
}

/** One span per non-blank line: a line is a paragraph in plain-text official documents. */
export function lineSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const span = trimSpan(text, { start, end });
    if (span.end > span.start) spans.push(span);
    start = end + 1;
  }
  return spans;
}

export function spanText(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}
