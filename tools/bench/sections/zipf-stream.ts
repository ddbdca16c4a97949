// The query stream a real site sees: a few queries asked very often, a long tail asked once. Ranks follow Zipf's law
// (the query of rank r is asked with weight 1 / r^s), the ranks are a seeded shuffle of the public questions, so the
// head mixes sets; the draws come from a seeded PRNG, so every run and every target replays the same stream.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { rng, shuffle } from '../../lib/jsquad.ts';
import { SHARED } from '../../lib/paths.ts';

/** The public query files the stream draws from: every set's questions and the vite-docs keyword queries. */
export const ZIPF_SOURCES = [
  'eval/jsquad-valid/queries.jsonl',
  'eval/niilc-dev/queries.jsonl',
  'eval/seed-queries.jsonl',
  'eval/seed-queries-en.jsonl',
  'eval/vite-docs-ja/queries.jsonl',
];

/** Distinct queries of the public sets, per source file, in file order. */
export function publicQueries(root = SHARED): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const rel of ZIPF_SOURCES) {
    const seen = new Set<string>();
    for (const line of readFileSync(path.join(root, rel), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const q = String((JSON.parse(line) as { query?: unknown }).query ?? '').trim();
      if (q) seen.add(q);
    }
    out[rel] = [...seen];
  }
  return out;
}

export interface ZipfStream {
  /** The requests, in order. */
  stream: string[];
  /** The queries by rank (rank 1 first). */
  ranked: string[];
}

/** `length` draws over `queries` (deduplicated, ranked by a seeded shuffle) with P(rank r) ∝ 1 / r^s. */
export function zipfStream(queries: string[], length: number, s = 1, seed = 5): ZipfStream {
  const ranked = shuffle([...new Set(queries)], seed);
  const cumulative: number[] = [];
  let total = 0;
  for (let r = 1; r <= ranked.length; r++) cumulative.push((total += 1 / r ** s));
  const draw = rng(seed * 7919 + 1);
  const stream: string[] = [];
  for (let i = 0; i < length; i++) {
    const u = draw() * total;
    // First rank whose cumulative weight exceeds u.
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    stream.push(ranked[lo]);
  }
  return { stream, ranked };
}

export interface StreamShape {
  /** Share of the stream taken by its 10 most asked queries. */
  top10Share: number;
  distinctInStream: number;
}

/** How concentrated a stream (or the part of it a load replays) is. */
export function streamShape(stream: string[]): StreamShape {
  const counts = new Map<string, number>();
  for (const q of stream) counts.set(q, (counts.get(q) ?? 0) + 1);
  const top10 = [...counts.values()].sort((a, b) => b - a).slice(0, 10);
  return {
    top10Share: stream.length ? top10.reduce((a, b) => a + b, 0) / stream.length : 0,
    distinctInStream: counts.size,
  };
}

/** Requests in `stream` whose query came earlier in it: what an unbounded cache, warm from the start, would answer. */
export function repeatShare(stream: string[]): number {
  const seen = new Set<string>();
  let repeats = 0;
  for (const q of stream) {
    if (seen.has(q)) repeats++;
    else seen.add(q);
  }
  return stream.length ? repeats / stream.length : 0;
}
