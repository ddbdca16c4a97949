import { toCosine, type LegHit, type LegResults } from '../store/search-legs.ts';
import { chunkTerms, NO_TERMS, type ChunkParts, type ChunkTerms } from './lexical/chunk-terms.ts';
import { candidateIdf, coverage, covers } from '../text/query-terms.ts';
import type { FusionFunction } from './fusion/index.ts';
import type { Reranker, RerankQuery } from './rerank/index.ts';
import { relevanceFloor, type FloorOutcome } from './relevance-floor.ts';
import type { SearchParams } from './types.ts';

export interface Ranked {
  hit: LegHit;
  score: number;
  /** Keyword hits under a coverage fusion: the share of the query's terms the chunk holds. */
  coverage?: number;
  /** Set for the chunks the reranker rescored: their lexical match (0..1); the bonus is the reranker's weight times it. */
  lexical?: number;
}

export interface OrderOptions {
  mode: SearchParams['mode'];
  fusion: FusionFunction;
  weight: number;
  groupBy?: 'document';
  /** Hybrid: the query's terms and each chunk's head and text (partsOf), for coverage and the reranker of the fused top. */
  lexical?: Lexical;
  /** Hybrid: the relevance floor's ratio (search/relevance-floor.ts); unset or 0, no floor. */
  floor?: number;
}

export interface Lexical {
  query: RerankQuery;
  partsOf: (hit: LegHit) => ChunkParts | undefined;
  reranker: Reranker | null;
  /** The chunks' terms, if the caller reads them too (answers); default: a cache of this call's own. */
  termsOf?: TermsOf;
}

/** Legs → one ranking: fused in hybrid (then reranked), a single leg otherwise; optionally the best chunk per document. */
export function orderHits(legs: LegResults, options: OrderOptions): Ranked[] {
  return orderWithFloor(legs, options).ranked;
}

export interface Ordered {
  ranked: Ranked[];
  /** Hybrid with both legs and a lexical query: what the relevance floor did, and the chunks it dropped. */
  floor: { outcome: FloorOutcome; dropped: Ranked[]; kept: number } | null;
}

/** orderHits, saying what the relevance floor dropped (chunks; a document is kept by any chunk kept). */
export function orderWithFloor(legs: LegResults, options: OrderOptions): Ordered {
  const termsOf = options.lexical?.termsOf ?? cachedTerms(options.lexical?.partsOf);
  let ranked = rank(legs, options, termsOf);
  const reranker = options.lexical?.reranker;
  const fused = fuses(legs, options.mode);
  if (reranker && options.lexical && fused) ranked = rerankTop(ranked, reranker, options.lexical, termsOf);
  let floor: Ordered['floor'] = null;
  const query = options.lexical?.query;
  if (fused && query) {
    const keywordIds = new Set(legs.keyword!.hits.map((h) => h.chunk.id));
    const groups = query.terms.groups;
    const result = relevanceFloor(ranked, options.floor ?? 0, {
      terms: groups.length,
      held: (r) => groups.reduce((n, alternatives) => n + (covers(alternatives, termsOf(r.hit).all) ? 1 : 0), 0),
      fromKeyword: (r) => keywordIds.has(r.hit.chunk.id),
    });
    floor = { outcome: result.outcome, dropped: result.dropped, kept: result.kept.length };
    // A document stays where its best chunk ranked if the floor kept any of its chunks: it removes, never moves.
    if (options.groupBy === 'document' && result.dropped.length) {
      const keptDocuments = new Set(result.kept.map((r) => r.hit.chunk.documentId));
      return { ranked: bestPerDocument(ranked).filter((r) => keptDocuments.has(r.hit.chunk.documentId)), floor };
    }
    ranked = result.kept;
  }
  return { ranked: options.groupBy === 'document' ? bestPerDocument(ranked) : ranked, floor };
}

/** Fusion (and the reranker that refines it) runs when both legs answered in hybrid mode. */
export function fuses(legs: LegResults, mode: SearchParams['mode']): boolean {
  return mode === 'hybrid' && !!legs.keyword && !!legs.semantic;
}

/**
 * What coverage and the reranker read of a chunk: title, headings and readings (when a reading search brought them),
 * and the text as written (terms fold it).
 */
export function lexicalParts(chunk: {
  title: string;
  headingPath: string[];
  originalText: string;
  reading?: string;
  romaji?: string;
  sentences?: number[];
}): ChunkParts {
  const head = [chunk.title, ...chunk.headingPath, chunk.reading, chunk.romaji].filter(Boolean).join(' ');
  return { head, text: chunk.originalText, ...(chunk.sentences ? { spans: chunk.sentences } : {}) };
}

export type TermsOf = (hit: LegHit) => ChunkTerms;

/**
 * One pass over each chunk's text per search, shared by coverage, the reranker and answers; `shared` (keyed by chunk
 * id and content hash) keeps them across searches.
 */
export function cachedTerms(
  partsOf: ((hit: LegHit) => ChunkParts | undefined) | undefined,
  shared?: (key: string, parts: ChunkParts) => ChunkTerms,
): TermsOf {
  const cache = new Map<string, ChunkTerms>();
  return (hit) => {
    let terms = cache.get(hit.chunk.id);
    if (!terms) {
      const parts = partsOf?.(hit);
      terms = !parts
        ? NO_TERMS
        : shared && hit.chunk.hash
          ? shared(`${hit.chunk.id}\u0000${hit.chunk.hash}\u0000${parts.head}`, parts)
          : chunkTerms(parts);
      cache.set(hit.chunk.id, terms);
    }
    return terms;
  };
}

function rank(legs: LegResults, options: OrderOptions, termsOf: TermsOf): Ranked[] {
  const kw = legs.keyword?.hits ?? [];
  const sem = legs.semantic?.hits ?? [];
  if (!legs.semantic) return kw.map((hit) => ({ hit, score: hit.score }));
  const semList = { ids: sem.map((h) => h.chunk.id), scores: sem.map((h) => toCosine(h.score)) };
  if (!legs.keyword || options.mode === 'semantic') return sem.map((hit, i) => ({ hit, score: semList.scores[i] }));
  const byId = new Map<string, LegHit>();
  for (const h of [...kw, ...sem]) if (!byId.has(h.chunk.id)) byId.set(h.chunk.id, h);
  const query = options.lexical?.query;
  // Terms weigh by their IDF among both legs' hits: a word most candidates hold (日本 for "Japan") tells little.
  const idf =
    options.fusion.usesCoverage && query
      ? candidateIdf(
          query.terms,
          [...byId.values()].map((h) => termsOf(h).all),
        )
      : null;
  const cov = idf && query ? new Map(kw.map((h) => [h.chunk.id, coverage(query.terms, termsOf(h).all, idf)])) : null;
  const kwList = {
    ids: kw.map((h) => h.chunk.id),
    scores: kw.map((h) => h.score),
    coverage: cov ? kw.map((h) => cov.get(h.chunk.id)!) : undefined,
  };
  return options.fusion
    .fuse(kwList, semList, options.weight)
    .map((f) => ({ hit: byId.get(f.id)!, score: f.score, coverage: cov?.get(f.id) }));
}

// Only the top `depth` move, among themselves: the rest of the ranking, and so every later page, stays put.
function rerankTop(
  ranked: Ranked[],
  reranker: Reranker,
  lexical: NonNullable<OrderOptions['lexical']>,
  termsOf: TermsOf,
): Ranked[] {
  const top = ranked.slice(0, reranker.depth);
  const byId = new Map(top.map((x) => [x.hit.chunk.id, x]));
  const items = top.map((x) => ({
    id: x.hit.chunk.id,
    score: x.score,
    text: textOf(lexical.partsOf(x.hit)),
    terms: termsOf(x.hit),
  }));
  const rescored = reranker.rerank(lexical.query, items);
  return [
    ...rescored.map((r) => ({ ...byId.get(r.id)!, score: r.score, lexical: r.lexical })),
    ...ranked.slice(reranker.depth),
  ];
}

const textOf = (parts: ChunkParts | undefined) => (parts ? `${parts.head} ${parts.text}` : undefined);

function bestPerDocument(ranked: Ranked[]): Ranked[] {
  const seen = new Set<string>();
  return ranked.filter((r) => !seen.has(r.hit.chunk.documentId) && !!seen.add(r.hit.chunk.documentId));
}
