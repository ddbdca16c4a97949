import { splitSentencesIcu } from '../text/sentences.ts';
import { type Span, lineSpans, trimSpan } from '../text/spans.ts';

export interface PackLimits {
  maxChars: number;
  minChars: number;
}

const length = (span: Span) => span.end - span.start;

/**
 * Turns the paragraphs of one section into chunk spans: a paragraph over maxChars is split at
 * sentence ends; paragraphs under minChars (list items, stray lines) join a neighbour while the
 * joined span still fits, so tiny fragments do not become chunks of their own.
 */
export function packParagraphs(text: string, paragraphs: Span[], limits: PackLimits, code = false): Span[] {
  const split = code ? packLines : packSentences;
  const pieces = paragraphs.flatMap((paragraph) =>
    length(paragraph) > limits.maxChars ? split(text, paragraph, limits.maxChars) : [paragraph],
  );
  const packed: Span[] = [];
  for (const piece of pieces) {
    const last = packed[packed.length - 1];
    const joinable = last && (length(last) < limits.minChars || length(piece) < limits.minChars);
    if (joinable && piece.end - last.start <= limits.maxChars) last.end = piece.end;
    else packed.push({ ...piece });
  }
  return packed;
}

/** Greedy packing of whole sentences; only a sentence longer than maxChars is cut mid-sentence. */
function packSentences(text: string, paragraph: Span, maxChars: number): Span[] {
  const packed: Span[] = [];
  for (const sentence of splitSentencesIcu(text, paragraph).flatMap((s) => hardSplit(text, s, maxChars))) {
    const last = packed[packed.length - 1];
    if (last && sentence.end - last.start <= maxChars) last.end = sentence.end;
    else packed.push({ ...sentence });
  }
  return packed;
}

/** A code block over maxChars: greedy packing of whole lines (sentence rules mean nothing in code). */
function packLines(text: string, block: Span, maxChars: number): Span[] {
  const packed: Span[] = [];
  const lines = lineSpans(text.slice(block.start, block.end)).map((l) => ({
    start: l.start + block.start,
    end: l.end + block.start,
  }));
  for (const line of lines.flatMap((l) => hardSplit(text, l, maxChars))) {
    const last = packed[packed.length - 1];
    if (last && line.end - last.start <= maxChars) last.end = line.end;
    else packed.push({ ...line });
  }
  return packed;
}

function hardSplit(text: string, sentence: Span, maxChars: number): Span[] {
  const pieces: Span[] = [];
  let start = sentence.start;
  while (sentence.end - start > maxChars) {
    let end = start + maxChars;
    // Never cut a surrogate pair (emoji, rare kanji outside the BMP) in half.
    const code = text.charCodeAt(end);
    if (code >= 0xdc00 && code <= 0xdfff && end - 1 > start) end--;
    pieces.push({ start, end });
    start = end;
  }
  pieces.push({ start, end: sentence.end });
  // A cut can land on a space inside an English sentence.
  return pieces.map((piece) => trimSpan(text, piece)).filter((piece) => piece.end > piece.start);
}
