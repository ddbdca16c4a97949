import type { ChunkStore } from '../store/chunk-store.ts';
import type { LegHit } from '../store/search-legs.ts';
import type { SemanticState } from '../domain/semantic-state.ts';
import { KensakuError } from '../errors/kensaku-error.ts';
import { fusionFunctions } from './fusion/index.ts';
import { buildHits } from './build-hits.ts';
import { queryText } from './query-text.ts';
import { runLegs } from './run-legs.ts';
import { cachedTerms, fuses, lexicalParts, orderWithFloor } from './order.ts';
import { answersFor, readingTerms } from './answer/answers.ts';
import { lexiconApplies } from '../text/lexicon/lexicon.ts';
import { toCosine } from '../store/search-legs.ts';
import { planKeywordInIndex } from './keyword-plan-in-index.ts';
import { meantText } from './meant-text.ts';
import { identifierQuery, keywordDecides } from './semantic-skip.ts';
import { countFacets } from './facets.ts';
import { flooredTotal, type FloorOutcome } from './relevance-floor.ts';
import { scopedFilter, type SearchScope } from './scope.ts';
import type { SearchSettings } from './search-settings.ts';
import { responseKey } from './response-cache.ts';
import type { SearchParams, SearchResponse } from './types.ts';

export interface SearchDeps extends SearchSettings {
  store: ChunkStore;
  semantic: SemanticState;
}

/**
 * Runs the requested legs in Meilisearch, fuses and reranks them here, and explains each hit. A repeated search on
 * unchanged data is answered from the response cache when there is one; a degraded answer is never kept, since the
 * part that was down may be back by the next request.
 */
export async function runSearch(deps: SearchDeps, params: SearchParams, scope?: SearchScope): Promise<SearchResponse> {
  const started = performance.now();
  const cache = deps.responseCache;
  if (!cache) return computeSearch(deps, params, scope, started);
  const key = responseKey(params, scope, deps.semantic.available && deps.semantic.embedder !== null);
  // No version, no cache: the search itself then meets (and reports) whatever made Meilisearch not answer.
  const version = await deps.store.dataVersion().catch(() => null);
  const kept = version === null ? undefined : cache.get(key, version);
  if (kept) {
    const total = round(performance.now() - started);
    return {
      ...kept,
      cached: true,
      processingTimeMs: { total, embedding: 0, meilisearch: 0, keyword: null, semantic: null },
    };
  }
  const response = await computeSearch(deps, params, scope, started);
  if (version !== null && response.degraded.length === 0) cache.set(key, version, response);
  return response;
}

async function computeSearch(
  deps: SearchDeps,
  params: SearchParams,
  scope: SearchScope | undefined,
  started: number,
): Promise<SearchResponse> {
  const q = queryText(params.q);
  // An empty query browses (Meilisearch's placeholder search: every chunk), and limit 0 only counts: both are the
  // keyword leg's, with no query to embed and nothing to fuse.
  const keywordOnly = !q || params.limit === 0;
  const semanticUp = deps.semantic.available && deps.semantic.embedder !== null;
  const wantsSemantic = !keywordOnly && params.mode !== 'keyword';
  if (wantsSemantic && params.mode === 'semantic' && !semanticUp) {
    throw new KensakuError(
      'embeddings_unavailable',
      `semantic search is unavailable: ${deps.semantic.reason ?? 'no embedder'}`,
    );
  }
  const fusion = fusionFunctions[params.fusion ?? deps.fusion];
  const weight = params.semanticRatio ?? fusion.defaultWeight;
  const runKeyword = keywordOnly || (params.mode !== 'semantic' && !(params.mode === 'hybrid' && weight === 1));
  const runSemantic = wantsSemantic && semanticUp && !(params.mode === 'hybrid' && weight === 0);

  const locale = params.locale ?? deps.locale;
  const lexicon = deps.lexicon && lexiconApplies(locale, q) ? await deps.lexicon() : null;
  const synonyms = [await deps.store.getSynonyms(), ...(deps.defaultSynonyms ? [await deps.defaultSynonyms()] : [])];
  const plan = await planKeywordInIndex(q, {
    lexicon,
    synonyms,
    fold: deps.fold,
    readings: deps.readings,
    counts: (terms) => deps.store.termCounts(terms, locale),
    readingWords: () => deps.store.readingWords(),
  });
  const terms = plan.terms;
  // Each chunk's terms, read once per search (and kept across searches): the skip rule, coverage, rerank, answers.
  const partsOf = (hit: LegHit) => lexicalParts(hit.chunk);
  const termsOf = cachedTerms(partsOf, deps.chunkTerms);
  const embedder = runSemantic ? deps.semantic.embedder! : null;
  const { legs, embeddingMs, skipped } = await runLegs({
    legs: deps.store.legs,
    embedQuery: embedder ? (text) => embedder.embedQuery(text) : null,
    embedText: q,
    // A kana or romaji query is embedded as the keyword leg's hits write it (search/meant-text.ts); an identifier
    // query is not embedded when the keyword leg's top hit holds it (search/semantic-skip.ts).
    afterKeyword: plan.byReading
      ? (kw) => ({ embed: meantText(plan, kw?.hits ?? [], deps.highlighter) })
      : params.mode === 'hybrid' && identifierQuery(q)
        ? (kw) => {
            const skip = keywordDecides(q, terms, kw, termsOf);
            return skip ? { skip } : { embed: null };
          }
        : undefined,
    request: {
      q: plan.q,
      window: Math.max(deps.window, params.offset + params.limit),
      filter: scopedFilter(scope, params.filter),
      locale,
      runKeyword,
      runSemantic,
      keywordAlso: plan.also,
      readingQueries: plan.readingQueries,
      facets: params.facets,
    },
  });

  const mode = keywordOnly ? 'keyword' : params.mode;
  const bothLegsFused = fuses(legs, mode);
  const reranker = bothLegsFused ? deps.reranker : null;
  const lexical = { query: { text: q, terms }, partsOf, reranker, termsOf };
  const ordered = orderWithFloor(legs, {
    mode,
    fusion,
    weight,
    groupBy: params.groupBy,
    lexical,
    floor: params.floor ?? deps.floor,
  });
  const grouped = ordered.ranked;
  // With the floor applied, counts are of what it kept: the semantic leg's window is not a count of matches.
  const floored = ordered.floor?.outcome.minScore != null ? ordered.floor : null;
  const droppedIds = new Set(floored?.dropped.map((r) => r.hit.chunk.id));
  const page = grouped.slice(params.offset, params.offset + params.limit);
  // A kana or romaji query is shown, and answered, by the words of the hits that read as it (ふてんま → 普天間): the
  // keyword leg's copies, which carry their readings; a hit it did not find came by meaning and is not read.
  const byKeyword = plan.byReading ? new Map(legs.keyword?.hits.map((h) => [h.chunk.id, h.chunk])) : null;
  const written =
    byKeyword && page.length
      ? deps.highlighter.writtenForms(
          page.flatMap((r) => byKeyword.get(r.hit.chunk.id) ?? []),
          plan.readingQueries[0],
        )
      : null;
  const matchedBy = written
    ? readingTerms(written.words)
    : plan.terms.translated.length || plan.terms.synonyms.length
      ? plan.terms.groups
      : undefined;
  const answer = bothLegsFused
    ? answersFor(
        q,
        grouped.slice(0, reranker?.depth ?? ANSWER_CANDIDATES).map((r) => termsOf(r.hit)),
        matchedBy,
      )
    : null;
  // What the keyword leg also searched (a synonym's rewrite, a translation) is marked like the query.
  const forms = [
    ...plan.also,
    ...plan.terms.translated.flatMap((t) => t.to),
    ...plan.terms.synonyms.flatMap((s) => s.to),
  ];
  const semanticDown = wantsSemantic && !semanticUp;
  const shardsDown = Object.entries(legs.shardsDown ?? {}).map(
    ([name, reason]) => [`shard:${name}` as const, reason] as const,
  );
  const facets = params.facets?.length ? countFacets(params.facets, legs.keyword, grouped, floored?.dropped) : null;
  return {
    query: params.q.trim(),
    cached: false,
    mode,
    hits: buildHits(
      page,
      legs,
      deps.highlighter.forQuery(q, forms),
      params,
      bothLegsFused ? { weight, reranker, answer } : null,
      written?.marks,
    ),
    estimatedTotalHits: Math.max(
      floored ? flooredTotal(legs, floored.kept, droppedIds) : (legs.keyword?.estimatedTotalHits ?? 0),
      grouped.length,
    ),
    ...(facets ? { facetDistribution: facets.distribution, facetsEstimated: facets.estimated } : {}),
    keyword: runKeyword
      ? { q: plan.q, also: plan.also, readings: plan.readingQueries.map((r) => ({ q: r.q, on: [...r.on] })) }
      : null,
    degraded: [...(semanticDown ? (['semantic'] as const) : []), ...shardsDown.map(([part]) => part)],
    warnings: {
      ...(semanticDown ? { semantic: deps.semantic.reason ?? 'semantic leg unavailable' } : {}),
      ...Object.fromEntries(shardsDown),
    },
    fusion:
      skipped || bothLegsFused
        ? {
            name: fusion.name,
            semanticWeight: weight,
            keywordWeight: round4(1 - weight),
            ...(bothLegsFused && fusion.cosineFloor
              ? {
                  cosineFloor: round4(
                    fusion.cosineFloor({ ids: [], scores: legs.semantic!.hits.map((h) => toCosine(h.score)) }),
                  ),
                }
              : {}),
            rerank: reranker ? { name: reranker.name, depth: reranker.depth, weight: reranker.weight } : null,
            ...(ordered.floor ? { floor: floorOf(ordered.floor.outcome) } : {}),
            ...(skipped ? { skipped: { leg: 'semantic' as const, reason: skipped } } : {}),
            translated: terms.translated,
            synonyms: terms.synonyms,
          }
        : null,
    processingTimeMs: {
      total: round(performance.now() - started),
      embedding: round(embeddingMs),
      meilisearch: round(legs.ms),
      keyword: legs.keyword ? legs.keyword.ms : null,
      semantic: legs.semantic ? legs.semantic.ms : null,
    },
  };
}

// Answers weigh query terms by IDF among this many top chunks when no reranker sets the depth.
const ANSWER_CANDIDATES = 30;
const round = (ms: number) => Math.round(ms * 10) / 10;
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const floorOf = (o: FloorOutcome) => ({ ...o, minScore: o.minScore === null ? null : round4(o.minScore) });
