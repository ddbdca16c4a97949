/** Both legs (and Meilisearch's native hybrid, the peer) for every query of a set, batched. */
import { Meilisearch, type MultiSearchQuery } from 'meilisearch';
import { nativeHybrid } from '../peer/native-hybrid.ts';
import { lexiconApplies } from '../../text/lexicon/lexicon.ts';
import { planKeyword, type KeywordPlan, type KeywordPlanOptions } from '../../search/keyword-plan.ts';
import { planKeywordInIndex } from '../../search/keyword-plan-in-index.ts';
import { queryText } from '../../search/query-text.ts';
import { createHighlighter } from '../../search/highlight.ts';
import { meantText } from '../../search/meant-text.ts';
import type { ChunkStore } from '../../store/chunk-store.ts';
import {
  createSearchLegs,
  type LegHit,
  type LegRequest,
  type LegResults,
  type SearchLegs,
} from '../../store/search-legs.ts';
import type { StoredChunk } from '../../domain/documents.ts';
import type { EvalQuery } from './datasets.ts';
import type { EvalEnv } from './env.ts';
import { mapPool } from './pool.ts';

/** Queries in flight; the batching client below merges them into few multi-search requests. */
const CONCURRENCY = 64;
const MAX_BATCH = 32;

const clients = new WeakMap<ChunkStore, Meilisearch>();
const legsCache = new WeakMap<ChunkStore, SearchLegs>();
function clientFor(store: ChunkStore): Meilisearch {
  let client = clients.get(store);
  if (!client) clients.set(store, (client = batchingClient(store)));
  return client;
}
function legsFor(store: ChunkStore): SearchLegs {
  let legs = legsCache.get(store);
  if (!legs) legsCache.set(store, (legs = batchedLegs(store)));
  return legs;
}

/** Legs slimmed to what fusion and judging need (ids and scores), so thousands of queries fit in memory. */
function slim(h: { chunk: Pick<StoredChunk, 'id' | 'documentId'>; score: number }): LegHit {
  // Judging and fusion read ids only; the rerank reads the index's texts (ChunkInfo), as the API reads the hits'.
  return { chunk: { id: h.chunk.id, documentId: h.chunk.documentId } as StoredChunk, score: h.score };
}

export interface LegOptions {
  window: number;
  keyword?: boolean;
  semantic?: boolean;
  /** Rewrites the query text sent to Meilisearch (the vector stays that of the original query). */
  rewrite?: (q: string) => string;
}

function planOptions(env: EvalEnv, q: string): KeywordPlanOptions {
  const lexicon = env.lexicon && lexiconApplies(env.config.INDEX_LOCALE, q) ? env.lexicon : null;
  return { lexicon, synonyms: env.synonyms ? [env.synonyms] : [], fold: env.fold, readings: env.config.READINGS };
}

/**
 * What runSearch's keyword leg sends for a query and the terms it matches by (search/keyword-plan.ts): the plan
 * prepareKeywordPlans made against the set's index, else the lexicon's alone.
 */
export function keywordPlan(env: EvalEnv, q: string): KeywordPlan {
  return env.plans.get(q) ?? planKeyword(q, planOptions(env, q));
}

/**
 * Plans every query as runSearch does on this index: the lexicon told what the index holds, a kana or romaji phrase cut
 * by its reading words (keyword-plan-in-index). A kana or romaji query's vector is then replaced by that of what it
 * means, written as the keyword leg's hits write it, as runSearch embeds it (search/meant-text.ts).
 */
export async function prepareKeywordPlans(env: EvalEnv, store: ChunkStore, queries: EvalQuery[]): Promise<void> {
  env.plans.clear();
  const counts = (terms: string[]) => store.termCounts(terms, env.config.INDEX_LOCALE);
  const readingWords = () => store.readingWords();
  await mapPool(queries, 8, async (query) => {
    const q = queryText(query.query);
    env.plans.set(q, await planKeywordInIndex(q, { ...planOptions(env, q), counts, readingWords }));
  });
  const embedder = env.core.embedder;
  if (!embedder) return;
  const highlighter = createHighlighter({ stopWords: [], cropChars: 0 });
  for (const [q, plan] of env.plans) {
    if (!plan.byReading) continue;
    // The store's own legs: the batched ones retrieve ids and scores only, and the written forms read the text.
    const kw = await store.legs.run({
      ...keywordRequest(env, q),
      window: env.config.SEARCH_WINDOW,
      locale: env.config.INDEX_LOCALE,
      runKeyword: true,
      runSemantic: false,
    });
    const meant = meantText(plan, kw.keyword?.hits ?? [], highlighter);
    if (meant !== null) env.queryVectors.set(q, await embedder.embedQuery(meant));
  }
}

/** The keyword leg's part of a legs request for a query, as runSearch builds it. */
export function keywordRequest(env: EvalEnv, q: string): Pick<LegRequest, 'q' | 'keywordAlso' | 'readingQueries'> {
  const plan = keywordPlan(env, q);
  return { q: plan.q, keywordAlso: plan.also, readingQueries: plan.readingQueries };
}

/** Both legs for every query, exactly as runSearch asks for them (one multi-search per query). */
export async function collectLegs(
  env: EvalEnv,
  store: ChunkStore,
  queries: EvalQuery[],
  options: LegOptions,
): Promise<LegResults[]> {
  return mapPool(queries, CONCURRENCY, async (q) => {
    const keyword = keywordRequest(env, queryText(q.query));
    const legs = await legsFor(store).run({
      ...keyword,
      q: options.rewrite ? options.rewrite(queryText(q.query)) : keyword.q,
      vector: env.queryVectors.get(queryText(q.query)),
      window: options.window,
      locale: env.config.INDEX_LOCALE,
      runKeyword: options.keyword !== false,
      runSemantic: options.semantic !== false,
    });
    return {
      keyword: legs.keyword ? { ...legs.keyword, hits: legs.keyword.hits.map(slim) } : null,
      semantic: legs.semantic ? { ...legs.semantic, hits: legs.semantic.hits.map(slim) } : null,
      ms: legs.ms,
    };
  });
}

/** Meilisearch's own hybrid (the peer's request) for every query at one semanticRatio, same vectors and window. */
export async function collectNative(
  env: EvalEnv,
  store: ChunkStore,
  queries: EvalQuery[],
  window: number,
  ratio: number,
): Promise<LegHit[][]> {
  const index = {
    indexName: store.options.indexName,
    embedderName: store.options.embedder!.name,
    locale: env.config.INDEX_LOCALE,
  };
  return mapPool(queries, CONCURRENCY, async (q) => {
    const hits = await nativeHybrid(clientFor(store), {
      ...index,
      q: queryText(q.query),
      vector: env.queryVectors.get(queryText(q.query)),
      limit: window,
      semanticRatio: ratio,
    });
    return hits.map(slim);
  });
}

/**
 * The product's own legs (same query parameters as the API), over the batching client below. Same ids and scores as
 * store.legs.run (runStandard checks this on every run) at ~4 ms instead of ~25 ms a query here.
 */
export function batchedLegs(store: ChunkStore): SearchLegs {
  return createSearchLegs({
    client: clientFor(store),
    indexName: store.options.indexName,
    locale: store.options.locale,
    embedder: store.options.embedder,
  });
}

/**
 * A Meilisearch client for searches only that merges concurrent multi-search calls into one request of up to
 * MAX_BATCH calls and drops highlighting, cropping and stored text (see lean).
 */
function batchingClient(store: ChunkStore): Meilisearch {
  const real = new Meilisearch({
    host: store.options.url,
    apiKey: store.options.apiKey,
    timeout: store.options.timeoutMs * 4,
  });
  type Call = {
    queries: MultiSearchQuery[];
    resolve: (r: { results: unknown[] }) => void;
    reject: (e: unknown) => void;
  };
  let pending: Call[] = [];
  const flush = () => {
    const calls = pending;
    pending = [];
    for (let i = 0; i < calls.length; i += MAX_BATCH) {
      const batch = calls.slice(i, i + MAX_BATCH);
      real.multiSearch({ queries: batch.flatMap((c) => c.queries.map(lean)) }).then(
        ({ results }) => {
          let at = 0;
          for (const c of batch) {
            c.resolve({ results: results.slice(at, at + c.queries.length) });
            at += c.queries.length;
          }
        },
        (e) => batch.forEach((c) => c.reject(e)),
      );
    }
  };
  return {
    multiSearch(body: { queries: MultiSearchQuery[] }) {
      return new Promise((resolve, reject) => {
        if (pending.length === 0) setImmediate(flush);
        pending.push({ queries: body.queries, resolve, reject });
      });
    },
  } as unknown as Meilisearch;
}

/** Only what ranking needs: highlighting, cropping and the text do not change the order or the scores. */
function lean(q: MultiSearchQuery): MultiSearchQuery {
  const {
    attributesToHighlight: _h,
    attributesToCrop: _c,
    cropLength: _l,
    highlightPreTag: _p,
    highlightPostTag: _t,
    ...rest
  } = q;
  return { ...rest, attributesToRetrieve: ['id', 'documentId'] };
}
