import type { SemanticState } from '../domain/semantic-state.ts';
import type { Embedder } from '../embeddings/types.ts';

/** The reason a hybrid search gives while the model loads. */
export const STARTING_REASON = 'starting: the embedding model is loading';

export function starting(embedderName: string): SemanticState {
  return { embedder: null, available: false, reason: STARTING_REASON, embedderName, starting: true };
}

export function unavailable(
  reason: string,
  embedder: Embedder | null = null,
  embedderName: string | null = null,
): SemanticState {
  return { embedder, available: false, reason, embedderName };
}
