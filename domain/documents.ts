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

/** A chunk as stored in Meilisearch, with its vector written in the same document. */
export interface StoredChunk extends Omit<Chunk, 'text'> {
  /** Meilisearch primary key derived from chunkId (Meilisearch ids allow [A-Za-z0-9_-] only). */
  id: string;
  /** NFKC text with spelling variants folded (text/fold): what the keyword leg matches. */
  text: string;
  /** Title and headings, folded the same way: searched in place of title and headingPath, which are displayed. */
  foldedTitle: string;
  foldedHeadings: string[];
  /** Readings of the content words, in katakana and in romaji (text/reading), when readings are on. */
  reading?: string;
  romaji?: string;
  /** The document's original text of this chunk, for display. */
  originalText: string;
  source?: string;
  url?: string;
  tags?: string[];
  /** False when the chunk was written while the model was unavailable; a later run fills it in. */
  hasVector: boolean;
  _vectors?: Record<string, number[] | null>;
}

/** One row per indexed document: what lets re-indexing skip unchanged documents without reading chunks. */
export interface DocumentRecord {
  id: string;
  documentId: string;
  title: string;
  /** Hash of the document's chunks; unchanged hash means nothing to write. */
  hash: string;
  chunkCount: number;
  source?: string;
  url?: string;
  tags?: string[];
  indexedAt: string;
  /** False while some chunks lack vectors. */
  vectorsComplete: boolean;
}

/** Which model produced the vectors in the index. */
export interface EmbedderRecord {
  modelId: string;
  fingerprint: string;
  dimensions: number;
}
