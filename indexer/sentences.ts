import { type Span, trimSpan } from './spans.ts';

/**
 * ICU sentence rules (UAX #29) already do what Japanese needs: break after 。！？ even with no
 * space, keep closing brackets 」』） with their sentence, and break after ASCII .!? only before
 * a space or the end (so `e.g.` and `1.5` stay whole).
 */
const segmenter = new Intl.Segmenter('ja', { granularity: 'sentence' });

/** The sentences of a span of text, as trimmed spans of the same text. */
export function splitSentences(text: string, span: Span): Span[] {
  const sentences: Span[] = [];
  for (const { index, segment } of segmenter.segment(text.slice(span.start, span.end))) {
    const start = span.start + index;
    const sentence = trimSpan(text, { start, end: start + segment.length });
    if (sentence.end > sentence.start) sentences.push(sentence);
  }
  return sentences;
}
