import type { QueryEmbedder } from '../domain/semantic-state.ts';

/** What every embedding provider offers (its identity and embedQuery: domain/semantic-state.ts). Providers are plain objects sharing this shape. */
export interface Embedder extends QueryEmbedder {
  /** Passage texts it embeds at once (a worker pool's size); the indexer keeps that many documents in flight. Default 1. */
  readonly parallelism?: number;
  /** One L2-normalised vector per text, in input order. Prefixes are the provider's job. */
  embedPassages(texts: string[]): Promise<number[][]>;
  /** Release threads, workers, sessions. */
  close(): Promise<void>;
}

/** Counts model calls, so tests can prove a cache hit without timing. */
export interface EmbedderStats {
  passageCalls: number;
  passagesEmbedded: number;
  queryCalls: number;
}

/** Text put before a query or passage (e5 models need `query: ` / `passage: `). */
export interface Prefixes {
  query: string;
  passage: string;
}

/** A provider with its model-call counters and the prefixes it applies (caches key on them). */
export type CountingEmbedder = Embedder & {
  readonly stats: EmbedderStats;
  readonly prefixes: Prefixes;
};

/** `q8` loads `onnx/model_quantized.onnx`, `fp32` loads `onnx/model.onnx`. */
export type ModelDtype = 'q8' | 'fp32';

export function emptyStats(): EmbedderStats {
  return { passageCalls: 0, passagesEmbedded: 0, queryCalls: 0 };
}
