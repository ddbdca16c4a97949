import { splitSentencesOutsideBrackets, type SentenceSpan } from '../../text/sentences.ts';
import { createLru } from '../../embeddings/lru.ts';
import { termSet } from '../../text/terms.ts';

/** What coverage reads of a chunk: its title and headings (head) and its text. */
export interface ChunkParts {
  head: string;
  text: string;
  /** The text's sentences when the index stored them (StoredChunk.sentences: start, end, start, end, …). */
  spans?: readonly number[];
}

export interface ChunkTerms {
  /** The text they were read from: answers pick a sentence of it by the terms below. */
  text: string;
  /** Every term of the head and the text. */
  all: ReadonlySet<number>;
  /** Per sentence of the text: its terms together with the head's (a sentence is read under its headings). */
  sentences: readonly ReadonlySet<number>[];
  /** The text's sentences (splitSentencesOutsideBrackets) and the terms of each alone, as answers read them. */
  spans: readonly SentenceSpan[];
  own: readonly ReadonlySet<number>[];
}

export const NO_TERMS: ChunkTerms = { text: '', all: new Set(), sentences: [], spans: [], own: [] };

// One pass: a sentence ends at punctuation or a newline, both separators, so no term spans two sentences and the
// chunk's terms are the union of its sentences'. The sentences with the head's terms are made when first read (the
// reranker reads them for its top only).
export function chunkTerms(parts: ChunkParts): ChunkTerms {
  const head = termSet(parts.head);
  const all = new Set(head);
  const spans = sentenceSpans(parts);
  const own = spans.map(({ start, end }) => {
    const terms = termSet(parts.text.slice(start, end));
    for (const t of terms) all.add(t);
    return terms;
  });
  let sentences: ReadonlySet<number>[] | undefined;
  return {
    text: parts.text,
    all,
    get sentences() {
      sentences ??= own.length
        ? own.map((terms) => {
            const withHead = new Set(terms);
            for (const t of head) withHead.add(t);
            return withHead;
          })
        : [head];
      return sentences;
    },
    spans,
    own,
  };
}

// Stored spans are trusted only when they fit the text (an index written by another version may lack them).
function sentenceSpans(parts: ChunkParts): SentenceSpan[] {
  const s = parts.spans;
  if (!s || s.length % 2 !== 0 || (s.length > 0 && s[s.length - 1] > parts.text.length))
    return splitSentencesOutsideBrackets(parts.text);
  const out: SentenceSpan[] = [];
  for (let i = 0; i < s.length; i += 2) out.push({ start: s[i], end: s[i + 1] });
  return out;
}

/**
 * Chunk terms kept across searches (most searches see chunks an earlier one saw), keyed by what they are read from.
 * Computing them afresh for both legs' hits on every search took hybrid p95 at c=8 from 1.08× to 1.30×
 * the peer's (npm run bench -- --only latency).
 */
export function createChunkTermsCache(size: number): (key: string, parts: ChunkParts) => ChunkTerms {
  const lru = createLru<string, ChunkTerms>(size);
  return (key, parts) => {
    let terms = lru.get(key);
    if (!terms) lru.set(key, (terms = chunkTerms(parts)));
    return terms;
  };
}
