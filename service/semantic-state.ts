import type { Embedder } from '../embeddings/types.ts';

/** Whether the semantic leg can run, and why not: read by search responses and /health, never hidden. */
export interface SemanticState {
  /** The query-time embedder; null when the model could not be loaded. */
  embedder: Embedder | null;
  available: boolean;
  /** Set whenever available is false. */
  reason?: string;
  /** Meilisearch embedder name the vectors live under. */
  embedderName: string | null;
  /** True while the model is still loading after a start: keyword search already answers. */
  starting?: boolean;
}

/** The reason a hybrid search gives while the model loads. */
export const STARTING_REASON = 'starting: the embedding model is loading';

export function starting(embedderName: string): SemanticState {
  return { embedder: null, available: false, reason: STARTING_REASON, embedderName, starting: true };
}

export function unavailable(reason: string, embedder: Embedder | null = null, embedderName: string | null = null): SemanticState {
  return { embedder, available: false, reason, embedderName };
}
