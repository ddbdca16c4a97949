// What runEmbedBench takes and returns; the JSON written by bench:embed and bench's embed section is EmbedBenchResult.
import type { E2eVariant } from './variants/e2e.ts';

export interface EmbedBenchOptions {
  /** Paragraphs (documents) to use; default all 1145. */
  limit?: number;
  rounds: number;
  variants: readonly string[];
  anchors: boolean;
  /** Keep the e2e-cli DATA_DIR and its open core for a later section (run.ts reuses the index). */
  keepE2eCore?: boolean;
  /** Stop starting rounds after this many minutes (every variant always finishes the rounds it started). */
  maxMinutes: number;
  log: (s: string) => void;
}

export interface VariantResult {
  name: string;
  label: string;
  kind: string;
  passages: number;
  seconds: number;
  rate: number;
  ratioToBestOrt: number;
  roundRates: number[];
  /** This variant's rate / the best ORT anchor's rate, per round: the spread shows the noise. */
  roundRatios: number[];
  /** CPU cores busy on average: Node process, and the other process doing the work (Python, Meilisearch). */
  nodeCores: number;
  otherCores?: number;
  detail?: Record<string, number>;
  /** End-to-end rows: the rate had the corpus gone through ONE indexDocuments call (R-1 round tails removed). */
  oneCall?: { seconds: number; rate: number; ratioToBestOrt: number };
  info?: Record<string, unknown>;
}

export interface E2eTarget {
  variant: string;
  ratio: number;
  oneCallRatio?: number;
  /** The same rates against the best one-session onnxruntime anchor, when the best anchor runs sessions in parallel. */
  vsOneSession?: { name: string; ratio: number; oneCallRatio?: number };
  target: number;
  met: boolean;
}

export interface EmbedBenchResult {
  documents: number;
  passages: number;
  roundsPlanned: number;
  roundsRun: number;
  variants: VariantResult[];
  bestOrt: { name: string; rate: number } | null;
  e2eTarget: E2eTarget[];
  vectorChecks: Record<string, number>;
  anchors: { status: string; info?: unknown };
  loadAverage: { before: number[]; after: number[] };
  notes: string[];
  /** Set when keepE2eCore: the open CLI-path core and its DATA_DIR, with every JSQuAD paragraph indexed. */
  e2eCore?: E2eVariant;
  seconds: number;
}
