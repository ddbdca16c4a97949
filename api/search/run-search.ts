import type { ChunkStore } from '../../store/chunk-store.ts';
import type { SemanticState } from '../../service/semantic-state.ts';
import { KensakuError } from '../../errors/kensaku-error.ts';
import { fusionFunctions } from '../fusion/index.ts';
import { buildHits } from './build-hits.ts';
import { orderHits, rerankText, reranks } from './order.ts';
import type { SearchSettings } from './search-settings.ts';
import type { SearchParams, SearchResponse } from './params.ts';

export interface SearchDeps extends SearchSettings {
  store: ChunkStore;
  semantic: SemanticState;
}

/** Runs the requested legs in one Meilisearch request, fuses and reranks them here, and explains each hit. */
export async function runSearch(deps: SearchDeps, params: SearchParams): Promise<SearchResponse> {
  const started = performance.now();
  const q = params.q.trim();
  if (!q) throw new KensakuError('empty_query', 'q must contain a search term; it was empty or only whitespace');
  const semanticUp = deps.semantic.available && deps.semantic.embedder !== null;
  if (params.mode === 'semantic' && !semanticUp) {
    throw new KensakuError('embeddings_unavailable', `semantic search is unavailable: ${deps.semantic.reason ?? 'no embedder'}`);
  }
  const fusion = fusionFunctions[params.fusion ?? deps.fusion];
  const weight = params.semanticRatio ?? fusion.defaultWeight;
  const runKeyword = params.mode !== 'semantic' && !(params.mode === 'hybrid' && weight === 1);
  const runSemantic = params.mode !== 'keyword' && semanticUp && !(params.mode === 'hybrid' && weight === 0);

  const embedStart = performance.now();
  const vector = runSemantic ? await deps.semantic.embedder!.embedQuery(q) : undefined;
  const embeddingMs = performance.now() - embedStart;
  const legs = await deps.store.legs.run({
    q,
    vector,
    window: Math.max(deps.window, params.offset + params.limit),
    filter: params.filter,
    locale: params.locale ?? deps.locale,
    runKeyword,
    runSemantic,
  });

  // The page and the reranker's candidates come in one request: reranking only permutes the top `depth` chunks,
  // so the final page lies within them or where the unreranked page already is.
  const order = { mode: params.mode, fusion, weight, groupBy: params.groupBy };
  const reranker = deps.reranker && reranks(legs, params.mode) ? deps.reranker : null;
  const slice = <T>(list: T[]) => list.slice(params.offset, params.offset + params.limit);
  const wanted = new Set([
    ...(reranker ? orderHits(legs, { ...order, groupBy: undefined }).slice(0, reranker.depth) : []),
    ...slice(orderHits(legs, order)),
  ].map((r) => r.hit.chunk.id));
  const pageStart = performance.now();
  const chunks = await deps.store.legs.chunks([...wanted]);
  const pageMs = performance.now() - pageStart;
  const textOf = (id: string) => {
    const c = chunks.get(id);
    return c ? rerankText(c) : undefined;
  };
  const grouped = orderHits(legs, { ...order, rerank: reranker ? { reranker, query: q, textOf } : undefined });
  const page = slice(grouped);
  const degraded = params.mode !== 'keyword' && !semanticUp;
  return {
    query: q,
    mode: params.mode,
    hits: buildHits(page, legs, chunks, deps.highlighter.forQuery(q), params),
    estimatedTotalHits: Math.max(legs.keyword?.estimatedTotalHits ?? 0, grouped.length),
    degraded: degraded ? ['semantic'] : [],
    warnings: degraded ? { semantic: deps.semantic.reason ?? 'semantic leg unavailable' } : {},
    fusion: reranks(legs, params.mode)
      ? { name: fusion.name, semanticWeight: weight, rerank: reranker ? { name: reranker.name, depth: reranker.depth, weight: reranker.weight } : null }
      : null,
    processingTimeMs: {
      total: round(performance.now() - started),
      embedding: round(embeddingMs),
      meilisearch: round(legs.ms + pageMs),
      keyword: legs.keyword ? legs.keyword.ms : null,
      semantic: legs.semantic ? legs.semantic.ms : null,
    },
  };
}

const round = (ms: number) => Math.round(ms * 10) / 10;
