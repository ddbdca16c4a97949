import type { Meilisearch, Locale, MultiSearchQuery, Hit } from 'meilisearch';
import type { StoredChunk } from '../domain/documents.ts';
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

/** A chunk as the legs return it: without `text`, which is NFKC(originalText) and would double the answer's size. */
export type LegChunk = Omit<StoredChunk, 'text' | '_vectors'>;

export interface LegHit {
  chunk: LegChunk;
  /** Meilisearch `_rankingScore` (0..1). */
  score: number;
}

export interface LegResults {
  keyword: { hits: LegHit[]; estimatedTotalHits: number; ms: number } | null;
  semantic: { hits: LegHit[]; ms: number } | null;
  ms: number;
}

/** A chunk as Meilisearch's own hybrid returns it: `marked` is `text` highlighted (MARK_OPEN/MARK_CLOSE) and cropped. */
export interface NativeHit {
  chunk: StoredChunk;
  score: number;
  marked: string;
}

export const LEG_FIELDS = ['id', 'chunkId', 'documentId', 'ordinal', 'title', 'headingPath', 'originalText', 'start', 'end', 'hash', 'source', 'url', 'tags', 'hasVector'];
export const FULL_FIELDS = [...LEG_FIELDS, 'text'];
/** Meilisearch highlighting and cropping, as the peer (native hybrid) asks for them. */
export const FORMATTED = { attributesToHighlight: ['text'], attributesToCrop: ['text'], cropLength: 80, highlightPreTag: MARK_OPEN, highlightPostTag: MARK_CLOSE };

export interface SearchLegsOptions {
  client: Meilisearch;
  indexName: string;
  locale: string;
  embedder: { name: string } | null;
}

export type SearchLegs = ReturnType<typeof createSearchLegs>;

/**
 * The keyword and semantic legs, each hit with its stored fields, so fusion, reranking and the page need no second
 * request. Measured per search: a follow-up request for the page cost more than the text riding along (an ad-hoc
 * probe of Node and Meilisearch CPU, last session), and Meilisearch's highlighting cost more than both legs (`npm run
 * bench`'s request-shape probe), so snippets are marked in the API (search/highlight.ts).
 */
export function createSearchLegs(options: SearchLegsOptions) {
  const base = (r: LegRequest): MultiSearchQuery => ({
    indexUid: options.indexName,
    q: r.q,
    limit: r.window,
    filter: r.filter,
    locales: [r.locale as Locale],
    showRankingScore: true,
    attributesToRetrieve: LEG_FIELDS,
  });
  const semanticQuery = (r: LegRequest, ratio: number): MultiSearchQuery => ({
    ...base(r),
    vector: r.vector,
    hybrid: { embedder: options.embedder!.name, semanticRatio: ratio },
  });
  const search = async (queries: MultiSearchQuery[]) => {
    const callerFilter = queries.some((q) => q.filter !== undefined);
    return (await meili('searching', () => options.client.multiSearch({ queries }), { callerFilter })).results;
  };

  return {
    async run(r: LegRequest): Promise<LegResults> {
      const wantSemantic = r.runSemantic && !!r.vector && !!options.embedder;
      const queries: MultiSearchQuery[] = [];
      if (r.runKeyword) queries.push(base(r));
      if (wantSemantic) queries.push(semanticQuery(r, 1));
      const started = performance.now();
      const results = await search(queries);
      const ms = performance.now() - started;
      const kw = r.runKeyword ? results.shift()! : null;
      const sem = wantSemantic ? results.shift()! : null;
      return {
        keyword: kw ? { hits: kw.hits.map(toLegHit), estimatedTotalHits: kw.estimatedTotalHits ?? kw.hits.length, ms: kw.processingTimeMs } : null,
        semantic: sem ? { hits: sem.hits.map(toLegHit), ms: sem.processingTimeMs } : null,
        ms,
      };
    },
    /** Meilisearch's own hybrid, the peer our fusion is measured against: one request, formatted like a page of ours. */
    async nativeHybrid(r: LegRequest, semanticRatio: number): Promise<NativeHit[]> {
      const [res] = await search([{ ...semanticQuery(r, semanticRatio), attributesToRetrieve: FULL_FIELDS, ...FORMATTED }]);
      return res!.hits.map((h) => {
        const { _rankingScore, _formatted, ...chunk } = h as Hit<StoredChunk>;
        return { chunk: chunk as StoredChunk, score: _rankingScore ?? 0, marked: String(_formatted?.text ?? '') };
      });
    },
  };
}

function toLegHit(hit: Hit): LegHit {
  const { _rankingScore, ...chunk } = hit as Hit<LegChunk>;
  return { chunk: chunk as LegChunk, score: _rankingScore ?? 0 };
}
