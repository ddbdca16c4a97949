/**
 * A stretch of SourceDocument.text that a structure-aware format (Markdown, HTML) knows the kind of: a heading (its
 * `#` line, with the anchor a link to it takes), a line of prose, or a code block (its lines, fences excluded).
 */
export type DocumentBlock =
  | { kind: 'heading'; start: number; end: number; level: number; text: string; anchor?: string }
  | { kind: 'text'; start: number; end: number }
  | { kind: 'code'; start: number; end: number; lang?: string };

/** A document as it enters the indexer, after format parsing and decoding. */
export interface SourceDocument {
  id: string;
  title: string;
  /** Original text (display); offsets of chunks point into it. */
  text: string;
  source?: string;
  url?: string;
  tags?: string[];
  /** From the page's front matter or meta description. */
  description?: string;
  /** BCP 47 language of the page (front matter `lang`, `<html lang>`). */
  lang?: string;
  /** Front matter keys with no field of their own, kept as given. */
  meta?: Record<string, unknown>;
  /**
   * Set by formats that parse structure (Markdown, HTML): every heading, prose line and code block of text, in
   * order. The chunker then takes headings and code from here instead of guessing them from lines (text outside
   * every block, such as code fences, is in no chunk).
   */
  blocks?: DocumentBlock[];
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
  /** sha256 hex of the NFKC text plus heading path (plus anchor and code mark when set). */
  hash: string;
  /** Id of the section's heading in the page (`#anchor` of a deep link), when the format knows it. */
  anchor?: string;
  /** True when the chunk is (part of) a code block. */
  code?: boolean;
  /** For a code chunk: the line of prose just before its block (`例:`, `次のように設定します:`), read with it when embedded. */
  lead?: string;
  /**
   * The text's sentences as answers split them (text/sentences.ts splitSentencesOutsideBrackets), flat: start, end,
   * start, end, … in `text`. Read at search time instead of splitting again; chunks written before it have none.
   */
  sentences?: number[];
}

/** A chunk as stored in Meilisearch, with its vector written in the same document. */
export interface StoredChunk extends Omit<Chunk, 'text'> {
  /** Meilisearch primary key derived from chunkId (Meilisearch ids allow [A-Za-z0-9_-] only). */
  id: string;
  /** NFKC text with spelling variants folded (text/fold), then the whole forms of identifiers its prose mentions. */
  text: string;
  /**
   * Title and headings, folded the same way: searched in place of title and headingPath, which are displayed. With
   * identifiers in its headings or code, one more heading holds their whole forms (indexer/keyword-form.ts).
   */
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
  /** The document's language (SourceDocument.lang), when it has one. */
  lang?: string;
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
  /** SourceDocument's description, lang and meta, each only when the document has it. */
  description?: string;
  lang?: string;
  meta?: Record<string, unknown>;
  indexedAt: string;
  /** False while some chunks lack vectors. */
  vectorsComplete: boolean;
  /** What the chunker read, kept so a rebuild can cut the document again; records written before it have none. */
  body?: DocumentBody;
}

/** A SourceDocument's text and structure as the chunker reads them, with its title as given ('' when it had none). */
export interface DocumentBody {
  title: string;
  text: string;
  blocks?: DocumentBlock[];
}

/** Which model produced the vectors in the index. */
export interface EmbedderRecord {
  modelId: string;
  fingerprint: string;
  dimensions: number;
}
