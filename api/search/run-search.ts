import type { ChunkStore } from '../../store/chunk-store.ts';
import { toCosine, type LegHit, type LegResults } from '../../store/search-legs.ts';
import type { SemanticState } from '../../service/semantic-state.ts';
import { KensakuError } from '../../errors/kensaku-error.ts';
import { fusionFunctions, type FusionFunction } from '../fusion/index.ts';
import { buildHits } from './build-hits.ts';
import type { SearchParams, SearchResponse } from './params.ts';

export interface SearchDeps {
  store: ChunkStore;
  semantic: SemanticState;
  /** How deep each leg retrieves before fusion (at least offset + limit). */
  window: number;
  locale: string;
  fusion: keyof typeof fusionFunctions;
}

/** Runs the requested legs in one Meilisearch request, fuses them here, fetches the page and explains each hit. */
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

  const grouped = fuseLegs(legs, { mode: params.mode, fusion, weight, groupBy: params.groupBy });
  const page = grouped.slice(params.offset, params.offset + params.limit);
  const pageStart = performance.now();
  const chunks = await deps.store.legs.page(q, page.map((r) => r.hit.chunk.id), params.locale ?? deps.locale);
  const pageMs = performance.now() - pageStart;
  const degraded = params.mode !== 'keyword' && !semanticUp;
  return {
    query: q,
    mode: params.mode,
    hits: buildHits(page, legs, chunks, params),
    estimatedTotalHits: Math.max(legs.keyword?.estimatedTotalHits ?? 0, grouped.length),
    degraded: degraded ? ['semantic'] : [],
    warnings: degraded ? { semantic: deps.semantic.reason ?? 'semantic leg unavailable' } : {},
    fusion: params.mode === 'hybrid' && runKeyword && runSemantic ? { name: fusion.name, semanticWeight: weight } : null,
    processingTimeMs: {
      total: round(performance.now() - started),
      embedding: round(embeddingMs),
      meilisearch: round(legs.ms + pageMs),
      keyword: legs.keyword ? legs.keyword.ms : null,
      semantic: legs.semantic ? legs.semantic.ms : null,
    },
  };
}

export interface Ranked {
  hit: LegHit;
  score: number;
}

export interface FuseOptions {
  mode: SearchParams['mode'];
  fusion: FusionFunction;
  weight: number;
  groupBy?: 'document';
}

/** Legs → one ranking: fused in hybrid, a single leg otherwise; optionally the best chunk per document. */
export function fuseLegs(legs: LegResults, options: FuseOptions): Ranked[] {
  const ranked = rank(legs, options.mode, options.fusion, options.weight);
  return options.groupBy === 'document' ? bestPerDocument(ranked) : ranked;
}

function rank(legs: LegResults, mode: SearchParams['mode'], fusion: FusionFunction, weight: number): Ranked[] {
  const byId = new Map<string, LegHit>();
  for (const h of [...(legs.keyword?.hits ?? []), ...(legs.semantic?.hits ?? [])]) if (!byId.has(h.chunk.id)) byId.set(h.chunk.id, h);
  const kw = legs.keyword?.hits ?? [];
  const sem = legs.semantic?.hits ?? [];
  if (!legs.semantic) return kw.map((hit) => ({ hit, score: hit.score }));
  const semList = { ids: sem.map((h) => h.chunk.id), scores: sem.map((h) => toCosine(h.score)) };
  if (!legs.keyword || mode === 'semantic') return sem.map((hit, i) => ({ hit, score: semList.scores[i] }));
  const fused = fusion.fuse({ ids: kw.map((h) => h.chunk.id), scores: kw.map((h) => h.score) }, semList, weight);
  return fused.map((f) => ({ hit: byId.get(f.id)!, score: f.score }));
}


function bestPerDocument(ranked: Ranked[]): Ranked[] {
  const seen = new Set<string>();
  return ranked.filter((r) => !seen.has(r.hit.chunk.documentId) && !!seen.add(r.hit.chunk.documentId));
}

const round = (ms: number) => Math.round(ms * 10) / 10;
