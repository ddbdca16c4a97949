import type { Meilisearch, Locale, MultiSearchQuery, Hit } from 'meilisearch';
import type { StoredChunk } from './types.ts';
import { meili } from './meili-errors.ts';

/** Private-use characters mark highlights, so the text can be HTML-escaped before real tags go in. */
export const MARK_OPEN = '\uE000';
export const MARK_CLOSE = '\uE001';

/** Meilisearch reports a vector hit's score as (1 + cosine) / 2 (checked against cosines computed locally). */
export function toCosine(rankingScore: number): number {
  return 2 * rankingScore - 1;
}

export interface LegRequest {
  q: string;
  /** Query embedding; without it the semantic leg is skipped. */
  vector?: number[];
  window: number;
  filter?: string;
  locale: string;
  runKeyword: boolean;
  runSemantic: boolean;
}

export interface LegHit {
  chunk: StoredChunk;
  /** Meilisearch `_rankingScore` (0..1). */
  score: number;
  /** `text` with MARK_OPEN/MARK_CLOSE around matches, cropped: only where the request asked for formatting. */
  marked?: string;
}

export interface LegResults {
  keyword: { hits: LegHit[]; estimatedTotalHits: number; ms: number } | null;
  semantic: { hits: LegHit[]; ms: number } | null;
  ms: number;
}

const RETRIEVE = ['id', 'chunkId', 'documentId', 'ordinal', 'title', 'headingPath', 'text', 'originalText', 'start', 'end', 'hash', 'source', 'url', 'tags', 'hasVector'];

export interface SearchLegsOptions {
  client: Meilisearch;
  indexName: string;
  locale: string;
  embedder: { name: string } | null;
}

export type SearchLegs = ReturnType<typeof createSearchLegs>;

/** Builds the keyword and semantic legs and runs them in one multi-search request. */
export function createSearchLegs(options: SearchLegsOptions) {
  // Legs are not formatted: highlighting 2 × 50 hits cost Meilisearch ~20 ms, and only the page needs snippets.
  const base = (r: LegRequest): MultiSearchQuery => ({
    indexUid: options.indexName,
    q: r.q,
    limit: r.window,
    filter: r.filter,
    locales: [r.locale as Locale],
    showRankingScore: true,
    attributesToRetrieve: RETRIEVE,
  });
  const formatted = { attributesToHighlight: ['text'], attributesToCrop: ['text'], cropLength: 80, highlightPreTag: MARK_OPEN, highlightPostTag: MARK_CLOSE };
  const semanticQuery = (r: LegRequest, ratio: number): MultiSearchQuery => ({
    ...base(r),
    vector: r.vector,
    hybrid: { embedder: options.embedder!.name, semanticRatio: ratio },
  });

  return {
    async run(r: LegRequest): Promise<LegResults> {
      const wantSemantic = r.runSemantic && !!r.vector && !!options.embedder;
      const queries: MultiSearchQuery[] = [];
      if (r.runKeyword) queries.push(base(r));
      if (wantSemantic) queries.push(semanticQuery(r, 1));
      const started = performance.now();
      const { results } = await meili('searching', () => options.client.multiSearch({ queries }));
      const ms = performance.now() - started;
      const kw = r.runKeyword ? results.shift()! : null;
      const sem = wantSemantic ? results.shift()! : null;
      return {
        keyword: kw ? { hits: kw.hits.map(toLegHit), estimatedTotalHits: kw.estimatedTotalHits ?? kw.hits.length, ms: kw.processingTimeMs } : null,
        semantic: sem ? { hits: sem.hits.map(toLegHit), ms: sem.processingTimeMs } : null,
        ms,
      };
    },
    /** Highlighted, cropped text for the page's chunks that match the query words (id → marked text). */
    async snippets(q: string, ids: string[], locale: string): Promise<Map<string, string>> {
      if (ids.length === 0) return new Map();
      const filter = `id IN [${ids.map((id) => JSON.stringify(id)).join(', ')}]`;
      const query: MultiSearchQuery = { indexUid: options.indexName, q, filter, limit: ids.length, locales: [locale as Locale], attributesToRetrieve: ['id'], ...formatted };
      const { results } = await meili('highlighting', () => options.client.multiSearch({ queries: [query] }));
      return new Map(results[0]!.hits.map((h) => [String(h.id), String(h._formatted?.text ?? '')]));
    },
    /** Meilisearch's own hybrid, the peer our fusion is measured against (formatted like a page of ours). */
    async nativeHybrid(r: LegRequest, semanticRatio: number): Promise<LegHit[]> {
      const { results } = await meili('searching', () => options.client.multiSearch({ queries: [{ ...semanticQuery(r, semanticRatio), ...formatted }] }));
      return results[0]!.hits.map(toLegHit);
    },
  };
}

function toLegHit(hit: Hit): LegHit {
  const { _rankingScore, _formatted, ...chunk } = hit as Hit<StoredChunk>;
  return { chunk: chunk as StoredChunk, score: _rankingScore ?? 0, ...(_formatted ? { marked: String(_formatted.text ?? '') } : {}) };
}
