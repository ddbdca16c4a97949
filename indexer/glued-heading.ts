import { parseHeading } from './headings.ts';
import { splitSentencesIcu } from '../text/sentences.ts';
import { type Span, spanText } from '../text/spans.ts';

/** The sentence before a glued heading must close the Japanese way (。！？ plus closing brackets). */
const JAPANESE_SENTENCE_END = /[。！？][」』）)]*$/u;

/**
 * Splits a heading that lost its line break and ended up glued to the end of a paragraph
 * (`…必要である旨述べた。3 アジア太平洋地域情勢`) into [paragraph, heading].
 * Requiring a full-width sentence end before it keeps English text such as `at 10. 3 people came` whole.
 */
export function splitGluedHeading(text: string, line: Span): Span[] {
  // Cheap exit for the common case: no full-width sentence end, nothing can be glued.
  if (!/[。！？]/u.test(spanText(text, line))) return [line];
  const sentences = splitSentencesIcu(text, line);
  if (sentences.length < 2) return [line];
  const last = sentences[sentences.length - 1];
  const before = sentences[sentences.length - 2];
  if (!JAPANESE_SENTENCE_END.test(spanText(text, before))) return [line];
  if (!parseHeading(spanText(text, last))) return [line];
  return [{ start: line.start, end: before.end }, last];
}
