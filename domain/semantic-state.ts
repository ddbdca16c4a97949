/** What a search and /health need of the query-time model: its identity, and a query's vector. */
export interface QueryEmbedder {
  /** Short model name, e.g. `multilingual-e5-small`; also names the Meilisearch embedder. */
  readonly modelId: string;
  readonly dimensions: number;
  /** Hash of the model files' content and dtype (or of the remote model's identity). */
  readonly fingerprint: string;
  /** An L2-normalised vector; the query prefix is the provider's job. */
  embedQuery(text: string): Promise<number[]>;
}

/** Whether the semantic leg can run, and why not: read by search responses and /health, never hidden. */
export interface SemanticState {
  /** The query-time embedder; null when the model could not be loaded. */
  embedder: QueryEmbedder | null;
  available: boolean;
  /** Set whenever available is false. */
  reason?: string;
  /** Meilisearch embedder name the vectors live under. */
  embedderName: string | null;
  /** True while the model is still loading after a start: keyword search already answers. */
  starting?: boolean;
}
