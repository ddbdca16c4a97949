import { readFileSync } from 'node:fs';
import { chunkDocument } from '../../indexer/chunker.ts';
import type { SourceDocument } from '../../domain/documents.ts';
import { loadParagraphs, rng } from './jsquad.ts';
import { SAMPLE_DOC } from './paths.ts';

/** Sentences of a Japanese paragraph (split after 。！？, keeping the mark). */
function sentences(text: string): string[] {
  return (
    text
      .match(/[^。！？]+[。！？]?/g)
      ?.map((s) => s.trim())
      .filter(Boolean) ?? [text]
  );
}

export interface ScaleCorpus {
  documents: SourceDocument[];
  chunks: number;
}

/**
 * Distinct documents built from the shared texts (JSQuAD paragraphs + the sample document's paragraphs) until the
 * chunker makes at least `targetChunks` chunks: copy k of a paragraph rotates its sentences by k, and appends one
 * sentence drawn from another paragraph, so no two chunks are equal. Deterministic.
 */
export function buildScaleCorpus(targetChunks: number, maxChars: number, seed = 11): ScaleCorpus {
  const base = loadParagraphs().map((p) => ({ title: p.title, text: p.text }));
  const sample = readFileSync(SAMPLE_DOC, 'utf8');
  for (const para of sample
    .split(/\n\s*\n|\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 30)) {
    base.push({ title: '日米外相会談（2014年2月7日）', text: para });
  }
  const split = base.map((b) => sentences(b.text));
  const r = rng(seed);
  const documents: SourceDocument[] = [];
  let chunks = 0;
  for (let k = 0; chunks < targetChunks; k++) {
    for (let i = 0; i < base.length && chunks < targetChunks; i++) {
      const s = split[i];
      const rot = k % s.length;
      const other = split[Math.floor(r() * split.length)];
      const extra = other[Math.floor(r() * other.length)];
      const text = [...s.slice(rot), ...s.slice(0, rot), k > 0 ? extra : ''].join('');
      const doc: SourceDocument = { id: `s${k}-${i}`, title: base[i].title, text };
      chunks += chunkDocument(doc, { maxChars }).length;
      documents.push(doc);
    }
  }
  return { documents, chunks };
}

/** `count` new documents (ids `${prefix}-…`) whose texts differ from every JSQuAD paragraph: for a bulk index. */
export function bulkDocuments(count: number, prefix = 'bulk', k = 1): SourceDocument[] {
  const base = loadParagraphs();
  const r = rng(97 + k);
  const out: SourceDocument[] = [];
  for (let i = 0; out.length < count; i++) {
    const p = base[i % base.length];
    const s = sentences(p.text);
    const round = k + Math.floor(i / base.length);
    const other = sentences(base[Math.floor(r() * base.length)].text);
    const text = [
      ...s.slice(round % s.length),
      ...s.slice(0, round % s.length),
      other[Math.floor(r() * other.length)],
    ].join('');
    out.push({ id: `${prefix}-${i}`, title: p.title, text });
  }
  return out;
}
