import { splitSentences } from '../answer/sentences.ts';
import { termSet } from './terms.ts';

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

export function chunkTerms(parts: ChunkParts): ChunkTerms {
  const head = termSet(parts.head);
  const all = new Set([...head, ...termSet(parts.text)]);
  const sentences = splitSentences(parts.text).map(({ start, end }) => {
    const terms = termSet(parts.text.slice(start, end));
    for (const t of head) terms.add(t);
    return terms;
  });
  return { all, sentences: sentences.length ? sentences : [head] };
}
