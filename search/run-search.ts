import type { ChunkStore } from '../store/chunk-store.ts';
import type { LegHit } from '../store/search-legs.ts';
import type { SemanticState } from '../domain/semantic-state.ts';
import { KensakuError } from '../errors/kensaku-error.ts';
import { fusionFunctions } from './fusion/index.ts';
import { buildHits } from './build-hits.ts';
import { queryText } from './query-text.ts';
import { runLegs } from './run-legs.ts';
import { orderHits, rerankText, reranks } from './order.ts';
import type { SearchSettings } from './search-settings.ts';
import type { SearchParams, SearchResponse } from './types.ts';

export interface SearchDeps extends SearchSettings {
  store: ChunkStore;
  semantic: SemanticState;
}

/** Runs the requested legs in Meilisearch, fuses and reranks them here, and explains each hit. */
export async function runSearch(deps: SearchDeps, params: SearchParams): Promise<SearchResponse> {
  const started = performance.now();
  const q = queryText(params.q);
  if (!q) throw new KensakuError('empty_query', 'q must contain a search term; it was empty or only whitespace');
  const semanticUp = deps.semantic.available && deps.semantic.embedder !== null;
  if (params.mode === 'semantic' && !semanticUp) {
    throw new KensakuError('embeddings_unavailable', `semantic search is unavailable: ${deps.semantic.reason ?? 'no embedder'}`);
  }
  const fusion = fusionFunctions[params.fusion ?? deps.fusion];
  const weight = params.semanticRatio ?? fusion.defaultWeight;
  const runKeyword = params.mode !== 'semantic' && !(params.mode === 'hybrid' && weight === 1);
  const runSemantic = params.mode !== 'keyword' && semanticUp && !(params.mode === 'hybrid' && weight === 0);

  const embedder = runSemantic ? deps.semantic.embedder! : null;
  const { legs, embeddingMs } = await runLegs({
    legs: deps.store.legs,
    embedQuery: embedder ? (text) => embedder.embedQuery(text) : null,
    request: {
      q,
      window: Math.max(deps.window, params.offset + params.limit),
      filter: params.filter,
      locale: params.locale ?? deps.locale,
      runKeyword,
      runSemantic,
    },
  });

  const bothLegsFused = reranks(legs, params.mode);
  const reranker = bothLegsFused ? deps.reranker : null;
  const rerank = reranker ? { reranker, query: q, textOf: (hit: LegHit) => rerankText(hit.chunk) } : undefined;
  const grouped = orderHits(legs, { mode: params.mode, fusion, weight, groupBy: params.groupBy, rerank });
  const page = grouped.slice(params.offset, params.offset + params.limit);
  const degraded = params.mode !== 'keyword' && !semanticUp;
  return {
    query: params.q.trim(),
    mode: params.mode,
    hits: buildHits(page, legs, deps.highlighter.forQuery(q), params),
    estimatedTotalHits: Math.max(legs.keyword?.estimatedTotalHits ?? 0, grouped.length),
    degraded: degraded ? ['semantic'] : [],
    warnings: degraded ? { semantic: deps.semantic.reason ?? 'semantic leg unavailable' } : {},
    fusion: bothLegsFused
      ? { name: fusion.name, semanticWeight: weight, rerank: reranker ? { name: reranker.name, depth: reranker.depth, weight: reranker.weight } : null }
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

const round = (ms: number) => Math.round(ms * 10) / 10;
