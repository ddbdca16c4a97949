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
}

export function unavailable(reason: string, embedder: Embedder | null = null, embedderName: string | null = null): SemanticState {
  return { embedder, available: false, reason, embedderName };
}
