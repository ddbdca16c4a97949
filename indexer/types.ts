/** A document as it enters the indexer, after format parsing and decoding. */
export interface SourceDocument {
  id: string;
  title: string;
  /** Original text (display); offsets of chunks point into it. */
  text: string;
  /** Optional headings already known from the format (Markdown/HTML); the chunker also finds Japanese ones in text. */
  source?: string;
  url?: string;
  tags?: string[];
}

export interface Chunk {
  documentId: string;
  /** `${documentId}#${ordinal}`: stable across re-indexing of an unchanged document. */
  chunkId: string;
  ordinal: number;
  title: string;
  headingPath: string[];
  /** Original text of the chunk, as in the document. */
  text: string;
  /** Character offsets into SourceDocument.text: text === doc.text.slice(start, end). */
  start: number;
  end: number;
  /** sha256 hex of the NFKC text plus heading path. */
  hash: string;
}

export interface ChunkerOptions {
  /** Maximum chunk length in characters (default 400). */
  maxChars?: number;
  /** Paragraphs shorter than this join a neighbour in the same section when the result fits maxChars (default 40; 0 = never join). */
  minChars?: number;
}
