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
  fusion?: 'adaptive' | 'convex' | 'rrf';
  /** Filterable attributes to count the values of (facetDistribution). */
  facets?: string[];
  /** Hybrid: the relevance floor's ratio of the top score (search/relevance-floor.ts); 0 turns it off; unset, SEARCH_FLOOR. */
  floor?: number;
}

/** Why a hit is where it is: each leg's rank, score and weight in the fusion, and the reranker's bonus. */
export interface HitExplain {
  /** coverage: the share of the query's terms the chunk holds (adaptive fusion); weight: what its score counted for. */
  keyword: { rank: number; score: number; coverage?: number; weight?: number } | null;
  /** weight: what its rescaled similarity counted for (hybrid). */
  semantic: { rank: number; similarity: number; weight?: number } | null;
  /** Hybrid reranking: the chunk's lexical match (0..1) and the bonus it added (null if not reranked). */
  lexical: { share: number; bonus: number } | null;
}

/** The sentence of a hit that best answers the query: `text.slice(start, end)` of the hit's text. */
export interface HitAnswer {
  text: string;
  start: number;
  end: number;
  /** Weighted share of the query the sentence holds, discounted when it only restates the query (0..1); 0: no
   * sentence holds a query term, and this is the chunk's first sentence. */
  score: number;
}

export interface SearchHit {
  documentId: string;
  chunkId: string;
  title: string;
  headingPath: string[];
  text: string;
  /** HTML-escaped text; only the highlight tags, and <strong> around an answer with a score above 0, are markup. */
  snippet: string;
  /** Hybrid: the sentence that best answers the query. */
  answer?: HitAnswer;
  score: number;
  /** The page's url at the hit's section (`#anchor`, percent-encoded) when the chunk has one; absent for a document posted without a url. */
  url?: string;
  /** Id of the section's heading in the page, as the page has it (not encoded); set whenever the format knew it, url or not. */
  anchor?: string;
  tags?: string[];
  explain: HitExplain;
}

export interface SearchResponse {
  query: string;
  /** Served whole from the response cache: the same search on the same data (search/response-cache.ts). */
  cached: boolean;
  mode: SearchMode;
  hits: SearchHit[];
  estimatedTotalHits: number;
  /**
   * With `facets`: per attribute, each value's count of chunks, over the keyword query's matches plus the ranked hits
   * it did not return (semantic, reading and synonym searches' hits, up to the window).
   */
  facetDistribution?: Record<string, Record<string, number>>;
  /** True when hits beyond the keyword query's matches were counted: a semantic hit it matched beyond its window counts twice. */
  facetsEstimated?: boolean;
  /** Parts that did not answer: the semantic leg, or a shard (`shard:<name>`) whose hits are missing; `warnings` says why. */
  degraded: ('semantic' | `shard:${string}`)[];
  warnings: Record<string, string>;
  /** How this query was fused: null unless both legs ran in hybrid mode. */
  /**
   * What the keyword leg searched: the query folded (text/fold); its other forms (synonyms put in, the Japanese
   * forms of Latin words); and its reading searches (kana or romaji).
   */
  keyword: { q: string; also: string[]; readings: { q: string; on: string[] }[] } | null;
  fusion: {
    name: string;
    semanticWeight: number;
    keywordWeight: number;
    /** The cosine that counted as no similarity for this query (convex, adaptive). */
    cosineFloor?: number;
    rerank: { name: string; depth: number; weight: number } | null;
    /**
     * The relevance floor: when a keyword hit held every query term (evidence), hits holding none of them that scored
     * under minScore (ratio × the top score) were dropped; counts and facets leave them out.
     */
    floor?: { ratio: number; evidence: boolean; minScore: number | null; dropped: number };
    /**
     * The keyword leg decided alone and no query was embedded (search/semantic-skip.ts): `identifier`, a query of
     * identifiers whose every term the top keyword hit holds.
     */
    skipped?: { leg: 'semantic'; reason: 'identifier' };
    /** Latin words of the query that matched through their Japanese forms. */
    translated: { from: string; to: string[] }[];
    /** Synonyms (PUT /synonyms) found in the query, as folded. */
    synonyms: { from: string; to: string[] }[];
  } | null;
  /**
   * ms: total; embedding the query; waiting for Meilisearch after it (the keyword leg runs during the embedding);
   * keyword and semantic as Meilisearch reports them.
   */
  processingTimeMs: {
    total: number;
    embedding: number;
    meilisearch: number;
    keyword: number | null;
    semantic: number | null;
  };
}
