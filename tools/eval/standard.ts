import { fusionFunctions, type FusionFunction } from '../../search/fusion/index.ts';
import { configuredReranker, createBigramRerank } from '../../search/rerank/index.ts';
import { queryText } from '../../search/query-text.ts';
import type { Reranker } from '../../search/rerank/index.ts';
import type { LegResults } from '../../store/search-legs.ts';
import { stopWordsFor } from '../../text/stop-words.ts';
import type { EvalSet } from './datasets.ts';
import {
  buildIndex,
  collectLegs,
  collectNative,
  embedQueries,
  firstRanks,
  idsOf,
  rankFloored,
  judge,
  rankIds,
  keywordRequest,
  lexicalFor,
  prepareKeywordPlans,
  rerankQueries,
  score,
  type BuiltIndex,
  type EvalEnv,
  type Judged,
  type Mode,
} from './harness.ts';
import { metricsByKind, type Metrics } from './metrics.ts';
import { answerAccuracy, type AnswerAccuracy } from './answers.ts';

export const NATIVE_RATIOS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
/** Other relevance floors the report measures beside SEARCH_FLOOR's. */
const FLOOR_RATIOS = [0.3, 0.4, 0.5, 0.6, 0.7];

export interface Row {
  name: string;
  kind: 'keyword' | 'semantic' | 'hybrid' | 'native';
  params?: Record<string, unknown>;
  metrics: Metrics;
}

export interface SeedCheck {
  id: string;
  query: string;
  kind?: string;
  /** Rank of the first chunk with the query's top grade (the answer), and of the first relevant chunk. */
  answerRank: number | null;
  relevantRank: number | null;
  top3: boolean;
}

export interface EvalReport {
  set: {
    name: string;
    level: EvalSet['level'];
    queries: number;
    documents: number;
    chunks: number;
    sources: EvalSet['sources'];
  };
  model: { id: string; fingerprint: string; dimensions: number };
  meilisearch: { version: string; mode: 'own' | 'external' };
  settings: {
    window: number;
    chunkMaxChars: number;
    stopWords: string;
    fusion: string;
    weights: Record<string, number>;
    rerank: { name: string; depth: number; weight: number } | null;
  };
  rows: Row[];
  /** Per query: is a relevant chunk in the default hybrid's top 3 (chunk-level sets). */
  top3?: SeedCheck[];
  /**
   * Document sets whose queries carry a kind (vite-docs): per ranking (keyword, semantic, default hybrid, best native),
   * how many queries have a relevant page in the top 3, and nDCG@10 per kind.
   */
  kinds?: {
    rankings: string[];
    top3: number[];
    byKind: { kind: string; n: number; ndcg10: number[] }[];
  };
  /**
   * The relevance floor (SEARCH_FLOOR) on the default hybrid: nDCG@10 without it, how many queries it applied to and
   * how many chunks it dropped per query (mean over all queries), and the same at other ratios.
   */
  floor?: {
    ratio: number;
    ndcg10Off: number;
    byRatio: { ratio: number; ndcg10: number; applied: number; droppedMean: number }[];
  };
  /** The semantic skip on the default hybrid: queries the keyword leg decided alone, per kind, and nDCG@10 with and without it. */
  skip?: {
    skipped: number;
    byKind: { kind: string; n: number; skipped: number }[];
    ndcg10With: number;
    ndcg10Without: number;
  };
  /** Answer accuracy of the default hybrid (sets whose queries carry answers). */
  answers?: AnswerAccuracy;
  /** Judgements whose passage is in no chunk (the set or the chunker needs a look). */
  unmatched: string[];
  timings: {
    indexMs: number;
    queryEmbedMs: number;
    queriesEmbedded: number;
    legsMs: number;
    nativeMs: number;
    totalMs: number;
  };
  sweeps?: unknown;
}

/** What the standard run keeps for sweeps: the index, judgements and the default-window legs. */
export interface StandardState {
  index: BuiltIndex;
  judged: Judged[];
  legs: LegResults[];
}

export interface StandardOptions {
  /** Skip the native hybrid sweep (CI slice). */
  native?: boolean;
  queryCacheDir: string | null;
  log?: (line: string) => void;
}

/** Indexes the set with the configured settings and measures every mode. */
export async function runStandard(
  env: EvalEnv,
  set: EvalSet,
  options: StandardOptions,
): Promise<{ report: EvalReport; state: StandardState }> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const { config, core } = env;
  const window = config.SEARCH_WINDOW;
  log(
    `indexing ${set.documents.length} documents (CHUNK_MAX_CHARS=${config.CHUNK_MAX_CHARS}, STOP_WORDS=${config.STOP_WORDS})…`,
  );
  const index = await buildIndex(env, set, {
    label: 'default',
    maxChars: config.CHUNK_MAX_CHARS,
    stopWords: stopWordsFor(config.STOP_WORDS),
    vectors: true,
    useCoreStore: true,
  });
  log(
    `indexed ${index.chunks.length} chunks in ${(index.indexMs / 1000).toFixed(1)} s; embedding ${set.queries.length} queries…`,
  );
  const embedded = await embedQueries(env, set.queries, options.queryCacheDir, (d, t) => log(`  queries ${d}/${t}`));
  log(
    `query vectors in ${(embedded.ms / 1000).toFixed(1)} s (${embedded.embedded} embedded, the rest cached); searching…`,
  );
  await prepareKeywordPlans(env, index.store, set.queries);
  const { judged, unmatched } = judge(set, index.chunks);

  const legsStart = performance.now();
  const legs = await collectLegs(env, index.store, set.queries, { window });
  const legsMs = performance.now() - legsStart;
  await checkFidelity(env, index, set, legs, window);
  const defaultFusion = fusionFunctions[config.FUSION];
  const rows: Row[] = [];
  // Per-query metrics of the rows the kinds table shows.
  const perQuery = new Map<string, { rankings: string[][]; metrics: Metrics[] }>();
  const add = (name: string, kind: Row['kind'], rankings: string[][], params?: Record<string, unknown>) => {
    const scored = score(judged, rankings);
    perQuery.set(name, { rankings, metrics: scored.perQuery });
    rows.push({ name, kind, params, metrics: scored.mean });
  };
  const reranker = configuredReranker(core.settings.search.rerank);
  const lexical = lexicalFor(rerankQueries(set, env), index.chunks);
  // Every hybrid row is cut by the floor as runSearch cuts it (keyword and semantic rows never are).
  const floor = config.SEARCH_FLOOR;
  const rankAll = (mode: Mode, fusion: FusionFunction, weight: number, withReranker: Reranker | null = null) =>
    legs.map((l, i) => rankIds(l, set.level, mode, fusion, weight, lexical(i, withReranker), floor));

  add('keyword', 'keyword', rankAll('keyword', defaultFusion, 0));
  add('semantic', 'semantic', rankAll('semantic', defaultFusion, 1));
  for (const fusion of Object.values(fusionFunctions)) {
    const params = { fusion: fusion.name, weight: fusion.defaultWeight };
    const isDefault = fusion === defaultFusion ? ' (default)' : '';
    if (reranker)
      add(
        `hybrid ${fusion.name} + ${reranker.name}${isDefault}`,
        'hybrid',
        rankAll('hybrid', fusion, fusion.defaultWeight, reranker),
        { ...params, rerank: { name: reranker.name, depth: reranker.depth, weight: reranker.weight } },
      );
    add(
      `hybrid ${fusion.name}${reranker ? ', no rerank' : isDefault}`,
      'hybrid',
      rankAll('hybrid', fusion, fusion.defaultWeight),
      params,
    );
  }
  // The default before question-aware fusion, side by side with today's.
  const previous = { fusion: fusionFunctions.convex, reranker: createBigramRerank({ depth: 30, weight: 0.2 }) };
  add(
    'previous default: convex + bigram-bm25',
    'hybrid',
    rankAll('hybrid', previous.fusion, previous.fusion.defaultWeight, previous.reranker),
    { fusion: 'convex', weight: 0.7, rerank: { name: 'bigram-bm25', depth: 30, weight: 0.2 } },
  );

  const nativeStart = performance.now();
  if (options.native !== false) {
    for (const ratio of NATIVE_RATIOS) {
      const hits = await collectNative(env, index.store, set.queries, window, ratio);
      add(
        `native ${ratio.toFixed(1)}`,
        'native',
        hits.map((h) => idsOf(h, set.level)),
        { semanticRatio: ratio },
      );
    }
  }
  const nativeMs = performance.now() - nativeStart;

  const answers =
    answerAccuracy(set, legs, judged, index.chunks, {
      fusion: defaultFusion,
      weight: defaultFusion.defaultWeight,
      reranker,
      lexical,
      floor,
    }) ?? undefined;

  const floorAt = (ratio: number) => {
    const runs = legs.map((l, i) =>
      rankFloored(l, set.level, 'hybrid', defaultFusion, defaultFusion.defaultWeight, lexical(i, reranker), ratio),
    );
    const ndcg10 = score(
      judged,
      runs.map((r) => r.ids),
    ).mean.ndcg10;
    const applied = runs.filter((r) => r.dropped > 0).length;
    return { ratio, ndcg10, applied, droppedMean: runs.reduce((n, r) => n + r.dropped, 0) / Math.max(1, runs.length) };
  };
  const floorReport: EvalReport['floor'] = {
    ratio: floor,
    ndcg10Off: floorAt(0).ndcg10,
    byRatio: [...new Set([floor, ...FLOOR_RATIOS])].sort((a, b) => a - b).map(floorAt),
  };

  // The semantic skip (search/semantic-skip.ts): how many queries the keyword leg decided, by kind, and the default
  // hybrid with and without the rule.
  const withSkip = (skip: boolean) =>
    legs.map((l, i) =>
      rankFloored(
        l,
        set.level,
        'hybrid',
        defaultFusion,
        defaultFusion.defaultWeight,
        lexical(i, reranker),
        floor,
        skip,
      ),
    );
  const skipRuns = withSkip(true);
  const kindOf = (i: number) => set.queries[i].kind ?? 'all';
  const skipReport: EvalReport['skip'] = {
    skipped: skipRuns.filter((r) => r.skipped).length,
    byKind: [...new Set(set.queries.map((_, i) => kindOf(i)))].map((kind) => {
      const at = set.queries.flatMap((_, i) => (kindOf(i) === kind ? [i] : []));
      return { kind, n: at.length, skipped: at.filter((i) => skipRuns[i].skipped).length };
    }),
    ndcg10With: score(
      judged,
      skipRuns.map((r) => r.ids),
    ).mean.ndcg10,
    ndcg10Without: score(
      judged,
      withSkip(false).map((r) => r.ids),
    ).mean.ndcg10,
  };

  let top3: SeedCheck[] | undefined;
  if (set.level === 'chunk') {
    const hybrid = rankAll('hybrid', defaultFusion, defaultFusion.defaultWeight, reranker);
    const answer = set.queries.map(
      (q, i) => firstRanks([judged[i]], [hybrid[i]], Math.max(...q.judgments.map((j) => j.grade)))[0],
    );
    const relevant = firstRanks(judged, hybrid, 1);
    top3 = set.queries.map((q, i) => ({
      id: q.id,
      query: q.query,
      kind: q.kind,
      answerRank: answer[i],
      relevantRank: relevant[i],
      top3: relevant[i] !== null && relevant[i]! <= 3,
    }));
  }

  let kinds: EvalReport['kinds'];
  if (set.level === 'document' && set.queries.some((q) => q.kind)) {
    const defaultRow = rows.find((r) => r.kind === 'hybrid' && r.name.endsWith('(default)'));
    const natives = rows.filter((r) => r.kind === 'native');
    const bestNative = natives.length
      ? natives.reduce((a, b) => (b.metrics.ndcg10 > a.metrics.ndcg10 ? b : a))
      : undefined;
    const names = ['keyword', 'semantic', defaultRow?.name, bestNative?.name].filter((n): n is string => !!n);
    const picked = names.map((n) => perQuery.get(n)!);
    const queryKinds = set.queries.map((q) => q.kind);
    const perRow = picked.map((p) => metricsByKind(queryKinds, p.metrics));
    kinds = {
      rankings: names.map((n) => (n === defaultRow?.name ? 'hybrid (default)' : n)),
      top3: picked.map((p) => firstRanks(judged, p.rankings, 1).filter((r) => r !== null && r <= 3).length),
      byKind: perRow[0].map((k, i) => ({ kind: k.kind, n: k.n, ndcg10: perRow.map((r) => r[i].metrics.ndcg10) })),
    };
  }

  const report: EvalReport = {
    set: {
      name: set.name,
      level: set.level,
      queries: set.queries.length,
      documents: set.documents.length,
      chunks: index.chunks.length,
      sources: set.sources,
    },
    model: {
      id: core.embedder!.modelId,
      fingerprint: core.embedder!.fingerprint,
      dimensions: core.embedder!.dimensions,
    },
    meilisearch: { version: env.meiliVersion, mode: env.meiliMode },
    settings: {
      window,
      chunkMaxChars: config.CHUNK_MAX_CHARS,
      stopWords: config.STOP_WORDS,
      fusion: config.FUSION,
      weights: Object.fromEntries(Object.values(fusionFunctions).map((f) => [f.name, f.defaultWeight])),
      rerank: reranker ? { name: reranker.name, depth: reranker.depth, weight: reranker.weight } : null,
    },
    rows,
    answers,
    floor: floorReport,
    skip: skipReport,
    top3,
    kinds,
    unmatched,
    timings: {
      indexMs: index.indexMs,
      queryEmbedMs: embedded.ms,
      queriesEmbedded: embedded.embedded,
      legsMs,
      nativeMs,
      totalMs: performance.now() - started,
    },
  };
  return { report, state: { index, judged, legs } };
}

/**
 * The harness batches queries and asks Meilisearch only for ids and scores (see harness.ts batchedLegs). Proves on the
 * first queries that this gives exactly what the product's own legs (store.legs.run, one request each) return.
 */
async function checkFidelity(
  env: EvalEnv,
  index: BuiltIndex,
  set: EvalSet,
  legs: LegResults[],
  window: number,
): Promise<void> {
  const pick = (l: LegResults) =>
    JSON.stringify([
      l.keyword?.hits.map((h) => [h.chunk.id, h.score]),
      l.semantic?.hits.map((h) => [h.chunk.id, h.score]),
    ]);
  for (const [i, q] of set.queries.slice(0, 20).entries()) {
    const product = await index.store.legs.run({
      vector: env.queryVectors.get(queryText(q.query)),
      window,
      locale: env.config.INDEX_LOCALE,
      runKeyword: true,
      runSemantic: true,
      ...keywordRequest(env, queryText(q.query)),
    });
    if (pick(product) !== pick(legs[i]))
      throw new Error(
        `eval legs differ from the product's legs for query ${q.id}: ${pick(product).slice(0, 200)} vs ${pick(legs[i]).slice(0, 200)}`,
      );
  }
}
