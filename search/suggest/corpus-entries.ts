import type { StoredChunk } from '../../domain/documents.ts';
import type { Fold } from '../../text/fold/fold.ts';
import { normalizeForMatch } from '../../text/normalize.ts';
import type { Analyser } from '../../text/reading/analyser.ts';
import { phraseReading } from '../../text/reading/phrase-reading.ts';
import { romajiOf } from '../../text/reading/romaji.ts';
import { termsOf, type Term } from './corpus-terms.ts';
import { foldedKey, mergeEntries, type SuggestEntry } from './entry.ts';

/** Where the chunks come from: the store's pages, under a scoped key's filter or none. */
export interface ChunkPages {
  pageChunks(
    filter: string | undefined,
    limit: number,
    offset: number,
  ): Promise<{ chunks: StoredChunk[]; total: number }>;
}

export interface CorpusEntryOptions {
  fold: Fold;
  analyse: Analyser;
  /** Chunks read for titles and headings at most. */
  maxChunks: number;
  /** Of those, how many are analysed for terms (the costly part: ~14 ms per 1,000 characters). */
  termChunks: number;
  /** With termChunks 0: analyse the terms all the same when the scope has at most this many chunks (cheap enough). */
  termsIfAtMost?: number;
  /** Each chunk's terms by its id and hash, shared by every scope's build and kept across rebuilds. */
  termCache?: TermCache;
}

/** A chunk's terms, kept while its text is unchanged (the key holds its hash). */
export interface TermCache {
  get(key: string): Term[] | undefined;
  set(key: string, terms: Term[]): void;
}

/** A TermCache of at most `max` chunks, the least recently set dropped first. */
export function createTermCache(max: number): TermCache {
  const kept = new Map<string, Term[]>();
  return {
    get: (key) => kept.get(key),
    set(key, terms) {
      kept.delete(key);
      if (kept.size >= max) kept.delete(kept.keys().next().value!);
      kept.set(key, terms);
    },
  };
}

const PAGE = 1000;
// Terms kept at most, by how many chunks hold them.
const MAX_TERMS = 30_000;
// The build yields to other requests this often (ms of work).
const SLICE_MS = 20;

/**
 * The titles, headings and terms of the chunks matching `filter` (a scoped key's, or none), each with how many chunks
 * hold it and its reading. Only those chunks are read: a scoped key's entries are built from its own documents.
 */
export async function corpusEntries(
  pages: ChunkPages,
  filter: string | undefined,
  options: CorpusEntryOptions,
): Promise<SuggestEntry[]> {
  const titles = new Map<string, number>();
  const headings = new Map<string, number>();
  const terms = new Map<string, { text: string; katakana: string | null; chunks: number }>();
  const add = (m: Map<string, number>, k: string) => k && m.set(k, (m.get(k) ?? 0) + 1);
  let read = 0;
  let termChunks = options.termChunks;
  let sliceStart = performance.now();
  const yieldSometimes = async () => {
    if (performance.now() - sliceStart < SLICE_MS) return;
    await new Promise((r) => setImmediate(r));
    sliceStart = performance.now();
  };
  for (let offset = 0; read < options.maxChunks; offset += PAGE) {
    const { chunks, total } = await pages.pageChunks(filter, Math.min(PAGE, options.maxChunks - read), offset);
    if (offset === 0 && total <= (options.termsIfAtMost ?? 0)) termChunks = options.maxChunks;
    for (const c of chunks) {
      add(titles, normalizeForMatch(c.title ?? '').trim());
      for (const h of c.headingPath ?? []) add(headings, normalizeForMatch(h).trim());
      if (read < termChunks) {
        const seen = new Set<string>();
        const key = `${c.id}:${c.hash}`;
        let found = options.termCache?.get(key);
        if (!found) {
          found = termsOf(options.analyse(normalizeForMatch(c.originalText ?? c.text)));
          options.termCache?.set(key, found);
          await yieldSometimes();
        }
        for (const t of found) {
          if (seen.has(t.text)) continue;
          seen.add(t.text);
          const had = terms.get(t.text);
          if (had) had.chunks++;
          else terms.set(t.text, { ...t, chunks: 1 });
        }
      }
      read++;
    }
    if (chunks.length < PAGE) break;
  }
  const phrase = (text: string) => phraseReading(options.analyse, text);
  const out: SuggestEntry[] = [];
  for (const [text, n] of titles)
    out.push({ text, folded: foldedKey(options.fold, text), reading: phrase(text), source: 'title', weight: n });
  for (const [text, n] of headings)
    out.push({ text, folded: foldedKey(options.fold, text), reading: phrase(text), source: 'heading', weight: n });
  const kept = [...terms.values()].sort((a, b) => b.chunks - a.chunks).slice(0, MAX_TERMS);
  for (const t of kept)
    out.push({
      text: t.text,
      folded: foldedKey(options.fold, t.text),
      reading: t.katakana ? { katakana: t.katakana, romaji: romajiOf(t.katakana).replace(/\s+/g, '') } : null,
      source: 'term',
      weight: t.chunks,
    });
  return mergeEntries(out);
}

/**
 * The operator's synonyms as completions, a group only when the corpus entries hold one of its forms: a synonym
 * naming what the (scoped) documents never mention suggests nothing, and a scoped key's suggestions never show
 * another site's vocabulary through them.
 */
export function synonymEntries(
  synonyms: Record<string, string[]>,
  corpus: readonly SuggestEntry[],
  fold: Fold,
  analyse: Analyser,
): SuggestEntry[] {
  const present = new Set(corpus.map((e) => e.folded));
  const out: SuggestEntry[] = [];
  for (const [term, targets] of Object.entries(synonyms)) {
    const group = [term, ...targets].map((t) => normalizeForMatch(t).trim()).filter(Boolean);
    if (!group.some((t) => present.has(foldedKey(fold, t)))) continue;
    for (const text of group) {
      const folded = foldedKey(fold, text);
      if (!present.has(folded))
        out.push({ text, folded, reading: phraseReading(analyse, text), source: 'synonym', weight: 1 });
    }
  }
  return out;
}
