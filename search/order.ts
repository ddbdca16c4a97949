import { toCosine, type LegHit, type LegResults } from '../store/search-legs.ts';
import type { FusionFunction } from './fusion/index.ts';
import type { BigramRerank } from './rerank/bigram-bm25.ts';
import type { SearchParams } from './types.ts';

export interface Ranked {
  hit: LegHit;
  score: number;
  /** Set for the chunks the reranker rescored: their bigram BM25 as a share of the best candidate's. */
  lexical?: number;
}

export interface OrderOptions {
  mode: SearchParams['mode'];
  fusion: FusionFunction;
  weight: number;
  groupBy?: 'document';
  /** Hybrid only: rescore the fused top `reranker.depth` with the chunks' text (textOf). */
  rerank?: { reranker: BigramRerank; query: string; textOf: (hit: LegHit) => string | undefined };
}

/** Legs → one ranking: fused in hybrid (then reranked), a single leg otherwise; optionally the best chunk per document. */
export function orderHits(legs: LegResults, options: OrderOptions): Ranked[] {
  let ranked = rank(legs, options.mode, options.fusion, options.weight);
  if (options.rerank && reranks(legs, options.mode)) ranked = rerankTop(ranked, options.rerank);
  return options.groupBy === 'document' ? bestPerDocument(ranked) : ranked;
}

/** The reranker refines a fusion: it runs when both legs answered in hybrid mode. */
export function reranks(legs: LegResults, mode: SearchParams['mode']): boolean {
  return mode === 'hybrid' && !!legs.keyword && !!legs.semantic;
}

/** The text the reranker reads for a chunk (it normalises with NFKC itself). */
export function rerankText(chunk: { title: string; headingPath: string[]; originalText: string }): string {
  return `${chunk.title} ${chunk.headingPath.join(' ')} ${chunk.originalText}`;
}

function rank(legs: LegResults, mode: SearchParams['mode'], fusion: FusionFunction, weight: number): Ranked[] {
  const kw = legs.keyword?.hits ?? [];
  const sem = legs.semantic?.hits ?? [];
  if (!legs.semantic) return kw.map((hit) => ({ hit, score: hit.score }));
  const semList = { ids: sem.map((h) => h.chunk.id), scores: sem.map((h) => toCosine(h.score)) };
  if (!legs.keyword || mode === 'semantic') return sem.map((hit, i) => ({ hit, score: semList.scores[i] }));
  const byId = new Map<string, LegHit>();
  for (const h of [...kw, ...sem]) if (!byId.has(h.chunk.id)) byId.set(h.chunk.id, h);
  const fused = fusion.fuse({ ids: kw.map((h) => h.chunk.id), scores: kw.map((h) => h.score) }, semList, weight);
  return fused.map((f) => ({ hit: byId.get(f.id)!, score: f.score }));
}

// Only the top `depth` move, among themselves: the rest of the ranking, and so every later page, stays put.
function rerankTop(ranked: Ranked[], r: NonNullable<OrderOptions['rerank']>): Ranked[] {
  const top = ranked.slice(0, r.reranker.depth);
  const byId = new Map(top.map((x) => [x.hit.chunk.id, x]));
  const rescored = r.reranker.rerank(r.query, top.map((x) => ({ id: x.hit.chunk.id, score: x.score, text: r.textOf(x.hit) })));
  return [...rescored.map((x) => ({ hit: byId.get(x.id)!.hit, score: x.score, lexical: x.lexical })), ...ranked.slice(r.reranker.depth)];
}

function bestPerDocument(ranked: Ranked[]): Ranked[] {
  const seen = new Set<string>();
  return ranked.filter((r) => !seen.has(r.hit.chunk.documentId) && !!seen.add(r.hit.chunk.documentId));
}
