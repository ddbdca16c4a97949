/**
 * What a search takes and returns, as plain types. The HTTP API validates requests into SearchParams with the zod
 * schemas in api/search-schemas.ts, which the compiler holds identical to these.
 */

export type SearchMode = 'hybrid' | 'keyword' | 'semantic';

/** Search parameters after validation and defaults, the same for GET (query string) and POST (JSON body). */
export interface SearchParams {
  q: string;
  mode: SearchMode;
  limit: number;
  offset: number;
  /** Meilisearch filter on documentId, tags, source. */
  filter?: string;
  /** Semantic weight of the fusion (0 = keyword only); unset, the fusion function's default. */
  semanticRatio?: number;
  groupBy?: 'document';
  highlightPreTag: string;
  highlightPostTag: string;
  /** ISO 639-3 locale for this query, e.g. jpn, eng; unset, INDEX_LOCALE. */
  locale?: string;
  fusion?: 'convex' | 'rrf';
}

/** Why a hit is where it is: each leg's rank and score, and the reranker's share. */
export interface HitExplain {
  keyword: { rank: number; score: number } | null;
  semantic: { rank: number; similarity: number } | null;
  /** Hybrid reranking: the chunk's character-bigram BM25 as a share of the best candidate's (null if not reranked). */
  lexical: { share: number } | null;
}

export interface SearchHit {
  documentId: string;
  chunkId: string;
  title: string;
  headingPath: string[];
  text: string;
  /** HTML-escaped text; only the highlight tags are markup. */
  snippet: string;
  score: number;
  url?: string;
  tags?: string[];
  explain: HitExplain;
}

export interface SearchResponse {
  query: string;
  mode: SearchMode;
  hits: SearchHit[];
  estimatedTotalHits: number;
  degraded: 'semantic'[];
  warnings: Record<string, string>;
  fusion: { name: string; semanticWeight: number; rerank: { name: string; depth: number; weight: number } | null } | null;
  /**
   * ms: total; embedding the query; waiting for Meilisearch after it (the keyword leg runs during the embedding);
   * keyword and semantic as Meilisearch reports them.
   */
  processingTimeMs: { total: number; embedding: number; meilisearch: number; keyword: number | null; semantic: number | null };
}
