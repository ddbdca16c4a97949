// The contract every bench:embed row implements: embed one round, report what it measured.
import type { SourceDocument } from '../../../../domain/documents.ts';

/** One slice of the corpus that every variant embeds in the same round. */
export interface Round {
  index: number;
  documents: SourceDocument[];
  /** Global passage indices (into Passages.texts) of this round, in document order. */
  ids: number[];
  texts: string[];
}

export interface Measurement {
  passages: number;
  seconds: number;
  /** CPU seconds of this Node process (all threads) during the measurement. */
  nodeCpu: number;
  /** CPU seconds of the other process doing work (Python anchors, Meilisearch), when known. */
  otherCpu?: number;
  /** Breakdown for end-to-end runs (seconds), and whatever else a variant reports. */
  detail?: Record<string, number>;
  vectors?: number[][];
  /** Passage ids of `vectors`. */
  vectorIds?: number[];
}

export type VariantKind = 'anchor-ort' | 'node-raw' | 'worker' | 'e2e';

export interface Variant {
  name: string;
  /** What the table prints. */
  label: string;
  kind: VariantKind;
  run(round: Round, keep: number): Promise<Measurement>;
  close(): Promise<void>;
  /** Filled after setup, e.g. the temp DATA_DIR of an end-to-end variant. */
  info?: Record<string, unknown>;
}
