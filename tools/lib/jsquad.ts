import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chunkDocument, embeddingText } from '../../indexer/chunker.ts';
import type { Chunk, SourceDocument } from '../../domain/documents.ts';
import { JSQUAD_DIR } from './paths.ts';

export interface Paragraph {
  id: string;
  title: string;
  text: string;
}

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** The 1145 JSQuAD validation paragraphs (JGLUE, CC BY-SA 4.0), in file order. */
export function loadParagraphs(limit?: number): Paragraph[] {
  const all = readJsonl<Paragraph>(path.join(JSQUAD_DIR, 'corpus.jsonl'));
  return limit !== undefined ? all.slice(0, limit) : all;
}

/** Distinct JSQuAD questions, in a fixed shuffled order (so consecutive requests hit different paragraphs). */
export function loadQueries(seed = 7): string[] {
  const seen = new Set<string>();
  for (const { query } of readJsonl<{ query: string }>(path.join(JSQUAD_DIR, 'queries.jsonl'))) {
    const q = query.trim();
    if (q) seen.add(q);
  }
  return shuffle([...seen], seed);
}

/** Paragraphs as indexer documents, exactly as `kensaku index` of a JSONL file would see them. */
export function toDocuments(paragraphs: Paragraph[]): SourceDocument[] {
  return paragraphs.map((p) => ({ id: p.id, title: p.title, text: p.text }));
}

export interface Passages {
  documents: SourceDocument[];
  /** Every chunk the indexer makes of those documents, in document order. */
  chunks: Chunk[];
  /** What the indexer embeds for each chunk (embeddingText), without the model's `passage: ` prefix. */
  texts: string[];
  /** Chunks per document, in order: lets a bench call the embedder per document as indexDocuments does. */
  perDocument: number[];
}

/**
 * The passages every embedding bench embeds: the chunk texts the indexer itself would produce at the chunker's
 * default size (CHUNK_MAX_CHARS's default, which the bench's e2e rows index with).
 */
export function passagesOf(documents: SourceDocument[]): Passages {
  const chunks: Chunk[] = [];
  const perDocument: number[] = [];
  for (const doc of documents) {
    const c = chunkDocument(doc);
    chunks.push(...c);
    perDocument.push(c.length);
  }
  return { documents, chunks, texts: chunks.map(embeddingText), perDocument };
}

/** Deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: T[], seed: number): T[] {
  const r = rng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
