import { splitSentencesOutsideBrackets } from '../../text/sentences.ts';
import { createLru } from '../../embeddings/lru.ts';
import { termSet } from '../../text/terms.ts';

/** What coverage reads of a chunk: its title and headings (head) and its text. */
export interface ChunkParts {
  head: string;
  text: string;
}

export interface ChunkTerms {
  /** Every term of the head and the text. */
  all: ReadonlySet<number>;
  /** Per sentence of the text: its terms together with the head's (a sentence is read under its headings). */
  sentences: ReadonlySet<number>[];
}

export const NO_TERMS: ChunkTerms = { all: new Set(), sentences: [] };

// One pass: a sentence ends at punctuation or a newline, both separators, so no term spans two sentences and the
// chunk's terms are the union of its sentences'.
export function chunkTerms(parts: ChunkParts): ChunkTerms {
  const head = termSet(parts.head);
  const all = new Set(head);
  const sentences = splitSentencesOutsideBrackets(parts.text).map(({ start, end }) => {
    const terms = termSet(parts.text.slice(start, end));
    for (const t of terms) all.add(t);
    for (const t of head) terms.add(t);
    return terms;
  });
  return { all, sentences: sentences.length ? sentences : [head] };
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
