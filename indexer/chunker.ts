import { KensakuError } from '../errors/kensaku-error.ts';
import { documentBlocks } from './blocks.ts';
import { chunkHash } from './hash.ts';
import { packParagraphs } from './pack.ts';
import { splitPreamble } from './preamble.ts';
import { groupSections } from './sections.ts';
import { spanText } from '../text/spans.ts';
import { splitSentencesOutsideBrackets } from '../text/sentences.ts';
import { chooseTitle } from './title.ts';
import type { Chunk, SourceDocument } from '../domain/documents.ts';

// Re-exported so callers get the chunk-related functions from one module.
export { embeddingText } from './embedding-text.ts';
export { normalizeForMatch } from '../text/normalize.ts';

export interface ChunkerOptions {
  /** Maximum chunk length in characters (default 400). */
  maxChars?: number;
  /** Paragraphs shorter than this join a neighbour in the same section when the result fits maxChars (default 40; 0 = never join). */
  minChars?: number;
}

const DEFAULT_MAX_CHARS = 400;
const DEFAULT_MIN_CHARS = 40;

/**
 * Cuts a document into search chunks: one per paragraph (long ones split at sentence ends,
 * tiny ones joined to a neighbour), each with the title and the heading path above it.
 * Leading title/byline lines are context, not chunks; headings are never chunks on their own.
 */
export function chunkDocument(doc: SourceDocument, options: ChunkerOptions = {}): Chunk[] {
  const limits = readLimits(options);
  const blocks = documentBlocks(doc);
  // A structured page with a known title has no preamble: its leading lines are content, not a title to guess.
  const { preamble, body } =
    doc.blocks && doc.title.trim() ? { preamble: [], body: blocks } : splitPreamble(doc.text, blocks);
  const title = doc.title.trim() || chooseTitle(preamble, body);
  const chunks: Chunk[] = [];
  let lastProse: { headingPath: string[]; line: string } | undefined;
  for (const { headingPath, anchor, code, paragraphs } of groupSections(body)) {
    // The prose line before a code block says what it is for; e5 reads that better than code alone.
    const lead =
      code && lastProse && lastProse.headingPath.join('\n') === headingPath.join('\n') ? lastProse.line : undefined;
    if (!code && paragraphs.length > 0) {
      const last = paragraphs[paragraphs.length - 1];
      lastProse = { headingPath, line: spanText(doc.text, last).split('\n').pop()!.trim() };
    }
    for (const span of packParagraphs(doc.text, paragraphs, limits, code)) {
      const ordinal = chunks.length;
      const text = spanText(doc.text, span);
      chunks.push({
        documentId: doc.id,
        chunkId: `${doc.id}#${ordinal}`,
        ordinal,
        title,
        headingPath: [...headingPath],
        text,
        start: span.start,
        end: span.end,
        hash: chunkHash(text, headingPath, { anchor, code, lead }),
        ...(anchor !== undefined ? { anchor } : {}),
        ...(code ? { code } : {}),
        ...(lead ? { lead } : {}),
        sentences: splitSentencesOutsideBrackets(text).flatMap((s) => [s.start, s.end]),
      });
    }
  }
  return chunks;
}

function readLimits(options: ChunkerOptions): { maxChars: number; minChars: number } {
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;
  const minChars = Math.min(options.minChars ?? DEFAULT_MIN_CHARS, maxChars);
  if (!Number.isInteger(maxChars) || maxChars < 1 || !Number.isInteger(minChars) || minChars < 0) {
    throw new KensakuError(
      'invalid_config',
      `chunker: maxChars must be an integer >= 1 and minChars >= 0 (got ${maxChars}, ${minChars})`,
    );
  }
  return { maxChars, minChars };
}
