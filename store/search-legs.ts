import type { Meilisearch, Locale, MultiSearchQuery, Hit } from 'meilisearch';
import type { StoredChunk } from '../domain/documents.ts';
import { meili, meiliCode } from './meili-errors.ts';
import { READING_FIELDS, SEARCHABLE } from './settings.ts';

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
  /** A filter, or several that each hit must match (a scoped key's and the caller's). */
  filter?: string | string[];
  locale: string;
  runKeyword: boolean;
  runSemantic: boolean;
  /** More keyword queries whose hits join the keyword leg's, each chunk at its best score (an English query's Japanese forms). */
  keywordAlso?: string[];
  /** Keyword queries on the readings (a kana or romaji query), merged like keywordAlso; their hits carry their readings. */
  readingQueries?: ReadingQuery[];
  /** Attributes whose values the keyword query counts over all its matches (Meilisearch's facetDistribution). */
  facets?: readonly string[];
}

export interface ReadingQuery {
  q: string;
  on: readonly (typeof READING_FIELDS)[number][];
}

/** A chunk as the legs return it: without the folded fields, which the display does not need and would double the answer's size. */
export type LegChunk = Omit<StoredChunk, 'text' | 'foldedTitle' | 'foldedHeadings' | '_vectors'>;

export interface LegHit {
  chunk: LegChunk;
  /** Meilisearch `_rankingScore` (0..1). */
  score: number;
}

export interface LegResults {
  keyword: {
    hits: LegHit[];
    estimatedTotalHits: number;
    ms: number;
    /** With LegRequest.facets: the keyword query's counts, and the ids of the hits it returned itself. */
    facetDistribution?: Record<string, Record<string, number>>;
    mainIds?: ReadonlySet<string>;
  } | null;
  semantic: { hits: LegHit[]; ms: number } | null;
  ms: number;
  /** Sharded: the shards that did not answer, each with Meilisearch's reason; their hits are missing. */
  shardsDown?: Record<string, string>;
}

const LEG_FIELDS = [
  'id',
  'chunkId',
  'documentId',
  'ordinal',
  'title',
  'headingPath',
  'originalText',
  'start',
  'end',
  'hash',
  'source',
  'url',
  'anchor',
  'tags',
  'hasVector',
  // The text's sentence spans (Chunk.sentences): answers and coverage read them instead of splitting the text again.
  'sentences',
];
// A reading search reads the readings back, for its coverage (search/order.ts); others leave them out.
const WITH_READINGS = [...LEG_FIELDS, ...READING_FIELDS];

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
 * probe of Node and Meilisearch CPU), and Meilisearch's highlighting cost more than both legs (a request-shape probe
 * of Meilisearch, once part of `npm run bench`), so snippets are marked in the API (search/highlight.ts).
 */
export function createSearchLegs(options: SearchLegsOptions) {
  const send = async (queries: MultiSearchQuery[]) => {
    const callerFilter = queries.some((q) => q.filter !== undefined);
    return (await meili('searching', () => options.client.multiSearch({ queries }), { callerFilter })).results;
  };
  return {
    async run(r: LegRequest): Promise<LegResults> {
      const plan = planLegs(options, r);
      const started = performance.now();
      const results = await withoutMissingFields(plan.queries, send);
      return collectLegs(plan, results, performance.now() - started);
    },
  };
}

/** The multi-search queries of a request: the keyword leg's (main, then `keywordAlso` and readings), then the semantic one. */
export function planLegs(options: Pick<SearchLegsOptions, 'indexName' | 'embedder'>, r: LegRequest) {
  const base = (r: LegRequest, on: readonly string[] = SEARCHABLE): MultiSearchQuery => ({
    indexUid: options.indexName,
    q: r.q,
    limit: r.window,
    filter: r.filter,
    locales: [r.locale as Locale],
    showRankingScore: true,
    attributesToSearchOn: [...on],
    attributesToRetrieve: r.readingQueries?.length ? WITH_READINGS : LEG_FIELDS,
  });
  const semanticQuery = (r: LegRequest): MultiSearchQuery => ({
    ...base({ ...r, readingQueries: undefined }),
    attributesToSearchOn: undefined,
    vector: r.vector,
    hybrid: { embedder: options.embedder!.name, semanticRatio: 1 },
  });
  const wantSemantic = r.runSemantic && !!r.vector && !!options.embedder;
  const also = r.runKeyword
    ? [
        ...(r.keywordAlso ?? []).map((q) => base({ ...r, q })),
        ...(r.readingQueries ?? []).map((x) => base({ ...r, q: x.q }, x.on)),
      ]
    : [];
  const queries: MultiSearchQuery[] = [];
  if (r.runKeyword) queries.push({ ...base(r), ...(r.facets?.length ? { facets: [...r.facets] } : {}) }, ...also);
  if (wantSemantic) queries.push(semanticQuery(r));
  return { queries, keywordQueries: r.runKeyword ? 1 + also.length : 0, semantic: wantSemantic, window: r.window };
}

/** The legs from the answers to planLegs' queries, in their order. */
export function collectLegs(
  plan: ReturnType<typeof planLegs>,
  answers: LegAnswer[],
  ms: number,
  shardsDown?: Record<string, string>,
): LegResults {
  const results = [...answers];
  const kw = plan.keywordQueries ? results.splice(0, plan.keywordQueries) : null;
  const sem = plan.semantic ? results.shift()! : null;
  return {
    keyword: kw ? mergeKeyword(kw, plan.window) : null,
    semantic: sem ? { hits: sem.hits.map(toLegHit), ms: sem.processingTimeMs } : null,
    ms,
    ...(shardsDown && Object.keys(shardsDown).length ? { shardsDown } : {}),
  };
}

/**
 * Meilisearch refuses to search a field no document has: an empty index, or one written before its folded fields
 * and readings (it is rewritten by the next index run). Such documents can only match the others.
 */
export async function withoutMissingFields<T>(
  queries: MultiSearchQuery[],
  send: (queries: MultiSearchQuery[]) => Promise<T>,
): Promise<T> {
  try {
    return await send(queries);
  } catch (e) {
    if (meiliCode(e) !== 'invalid_search_attributes_to_search_on') throw e;
    return send(queries.map(({ attributesToSearchOn: _, ...q }) => q));
  }
}

/** One query's answer, from one Meilisearch or merged over shards. */
export type LegAnswer = {
  hits: Hit[];
  estimatedTotalHits?: number;
  processingTimeMs: number;
  facetDistribution?: Record<string, Record<string, number>>;
};

// One query's hits stay as Meilisearch ordered them; several are merged by each chunk's best score.
function mergeKeyword(results: LegAnswer[], window: number): NonNullable<LegResults['keyword']> {
  const ms = results.reduce((sum, r) => sum + r.processingTimeMs, 0);
  const total = Math.max(...results.map((r) => r.estimatedTotalHits ?? r.hits.length));
  const main = {
    facetDistribution: results[0].facetDistribution,
    mainIds: new Set(results[0].hits.map((h) => String(h.id))),
  };
  if (results.length === 1) return { hits: results[0].hits.map(toLegHit), estimatedTotalHits: total, ms, ...main };
  const best = new Map<string, LegHit>();
  for (const r of results) {
    for (const hit of r.hits.map(toLegHit)) {
      const seen = best.get(hit.chunk.id);
      if (!seen || hit.score > seen.score) best.set(hit.chunk.id, hit);
    }
  }
  return {
    hits: [...best.values()].sort((a, b) => b.score - a.score).slice(0, window),
    estimatedTotalHits: total,
    ms,
    ...main,
  };
}

function toLegHit(hit: Hit): LegHit {
  const { _rankingScore, ...chunk } = hit as Hit<LegChunk>;
  return { chunk: chunk as LegChunk, score: _rankingScore ?? 0 };
}
