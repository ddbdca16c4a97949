import { fusionFunctions, type FusionFunction } from '../../../search/fusion/index.ts';
import { configuredReranker, type Reranker } from '../../../search/rerank/index.ts';
import type { LegResults } from '../../../store/search-legs.ts';
import type { EvalSet } from '../datasets.ts';
import {
  lexicalFor,
  rankIds,
  rerankQueries,
  score,
  type ChunkInfo,
  type EvalEnv,
  type Judged,
  type Mode,
  type Scored,
} from '../harness.ts';
import type { Metrics } from '../metrics.ts';
import { metricsTable } from '../report.ts';
import type { StandardState } from '../standard.ts';

export interface SweepRow {
  name: string;
  metrics: Metrics;
  note?: string;
}

export type SweepResults = Record<string, SweepRow[]>;

/** What every sweep reads: the standard run's state, the shipped settings, and ways to score and print rows. */
export interface SweepContext {
  env: EvalEnv;
  set: EvalSet;
  state: StandardState;
  judged: Judged[];
  window: number;
  /** The shipped default fusion function and reranker. */
  def: FusionFunction;
  shipped: Reranker | null;
  log: (line: string) => void;
  print: (text: string) => void;
  results: SweepResults;
  /** Mean metrics of one mode over the legs (no rerank); chunks: the index the legs came from, if not the standard one. */
  mean(
    legs: LegResults[],
    mode: Mode,
    fusion: FusionFunction,
    weight: number,
    judged?: Judged[],
    chunks?: ChunkInfo[],
  ): Metrics;
  /** The default hybrid with a reranker, per query and on average. */
  reranked(legs: LegResults[], chunks: ChunkInfo[], reranker: Reranker, judged?: Judged[]): Scored;
  /** keyword, semantic, each fusion and the shipped rerank, labelled. */
  standardRows(legs: LegResults[], judged?: Judged[], label?: string, chunks?: ChunkInfo[]): SweepRow[];
  /** Records and prints a section's rows. */
  section(key: string, title: string, rows: SweepRow[]): void;
}

export function createSweepContext(
  env: EvalEnv,
  set: EvalSet,
  state: StandardState,
  io: { log: (line: string) => void; print: (text: string) => void },
): SweepContext {
  const judged = state.judged;
  const def = fusionFunctions[env.config.FUSION];
  const shipped = configuredReranker(env.core.settings.search.rerank);
  const results: SweepResults = {};
  const queries = rerankQueries(set, env);
  const lexicalOf = (chunks: ChunkInfo[]) =>
    chunks === state.index.chunks ? standardLexical : lexicalFor(queries, chunks);
  const standardLexical = lexicalFor(queries, state.index.chunks);
  const mean: SweepContext['mean'] = (legs, mode, fusion, weight, j = judged, chunks = state.index.chunks) => {
    const lexical = lexicalOf(chunks);
    return score(
      j,
      legs.map((l, i) => rankIds(l, set.level, mode, fusion, weight, lexical(i, null))),
    ).mean;
  };
  const reranked: SweepContext['reranked'] = (legs, chunks, reranker, j = judged) => {
    const lexical = lexicalOf(chunks);
    return score(
      j,
      legs.map((l, i) => rankIds(l, set.level, 'hybrid', def, def.defaultWeight, lexical(i, reranker))),
    );
  };
  return {
    env,
    set,
    state,
    judged,
    def,
    shipped,
    results,
    mean,
    reranked,
    window: env.config.SEARCH_WINDOW,
    log: io.log,
    print: io.print,
    standardRows: (legs, j = judged, label = '', chunks = state.index.chunks) => [
      { name: `keyword${label}`, metrics: mean(legs, 'keyword', def, 0, j, chunks) },
      { name: `semantic${label}`, metrics: mean(legs, 'semantic', def, 1, j, chunks) },
      ...Object.values(fusionFunctions).map((f) => ({
        name: `hybrid ${f.name} ${f.defaultWeight}${label}`,
        metrics: mean(legs, 'hybrid', f, f.defaultWeight, j, chunks),
      })),
      ...(shipped
        ? [{ name: `hybrid ${def.name} + rerank${label}`, metrics: reranked(legs, chunks, shipped, j).mean }]
        : []),
    ],
    section(key, title, rows) {
      results[key] = rows;
      io.print(
        `\n== ${title}\n${metricsTable(
          rows.map((r) => ({ name: r.name, metrics: r.metrics, extra: [r.note ?? ''] })),
          [''],
          4,
        )}`,
      );
    },
  };
}
