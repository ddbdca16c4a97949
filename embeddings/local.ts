import path from 'node:path';
import { KensakuError, asError, errorMessage } from '../errors/kensaku-error.ts';
import { embedInBatches } from './batching.ts';
import { fingerprintModel } from './fingerprint.ts';
import { missingModelFiles } from './model-files.ts';
import { loadEncoder, type Encoder } from './onnx-encoder.ts';
import { prefixesFor } from './prefixes.ts';
import { countingEmbedder } from './counting.ts';
import type { CountingEmbedder, ModelDtype, Prefixes } from './types.ts';

export interface LocalEmbedderOptions {
  /** transformers.js model folder: config.json, tokenizer.json, onnx/<file for dtype>. */
  modelDir: string;
  /** Reported model name, also picks the prefixes. Default: the folder's name. */
  modelId?: string;
  /** Default 'q8' (onnx/model_quantized.onnx). */
  dtype?: ModelDtype;
  /** ONNX Runtime intra-op threads. Default 2. */
  threads?: number;
  /**
   * Let ONNX Runtime's idle threads spin (its own default). Faster alone (60 vs 48 passages/s here), much slower
   * beside another busy process (27 vs 45/s with one core taken), so indexing, which runs beside Meilisearch, never
   * spins. Default false, as EMBED_SPIN's.
   */
  spin?: boolean;
  /** Texts per inference. Default 1: deterministic and as fast on CPU for the int8 model. */
  batchSize?: number;
  /** Longer inputs are truncated. Default 512 (e5's limit). */
  maxTokens?: number;
  /** Override the per-model prefixes of prefixes.ts. */
  prefixes?: Prefixes;
}

/** Loads the model now, so a missing or broken model fails here and not on the first request. */
export async function createLocalEmbedder(options: LocalEmbedderOptions): Promise<CountingEmbedder> {
  const { modelDir, dtype = 'q8', threads = 2, spin = false, batchSize = 1, maxTokens = 512 } = options;
  const modelId = options.modelId ?? path.basename(modelDir);
  const prefixes = options.prefixes ?? prefixesFor(modelId);
  const missing = missingModelFiles(modelDir, dtype);
  if (missing.length > 0) {
    throw new KensakuError(
      'model_not_found',
      `${modelDir} is not a ${dtype} model folder: missing ${missing.join(', ')}`,
    );
  }

  let encoder: Encoder;
  let fingerprint: string;
  let dimensions: number;
  try {
    [encoder, fingerprint] = await Promise.all([
      loadEncoder({ dir: modelDir, dtype, threads, spin, maxTokens }),
      fingerprintModel(modelDir, dtype),
    ]);
    // One real inference proves the graph runs and tells the output size.
    dimensions = (await encoder.encode([`${prefixes.passage}ok`]))[0].length;
  } catch (e) {
    throw new KensakuError(
      'model_not_found',
      `could not load the embedding model in ${modelDir} (dtype ${dtype}): ${errorMessage(e)}. ` +
        'The files may be damaged or not a transformers.js feature-extraction model; ' +
        'point EMBED_MODEL_DIR at a working copy (or delete a downloaded copy to fetch it again).',
      { cause: asError(e) },
    );
  }

  const embed = async (texts: string[]): Promise<number[][]> => {
    try {
      return (await embedInBatches(texts, batchSize, encoder)).map((v) => Array.from(v));
    } catch (e) {
      throw new KensakuError('embeddings_unavailable', `embedding failed: ${errorMessage(e)}`, { cause: asError(e) });
    }
  };
  return countingEmbedder(
    { modelId, dimensions, fingerprint, prefixes, close: () => encoder.dispose() },
    (texts, kind) => embed(texts.map((t) => (kind === 'query' ? prefixes.query : prefixes.passage) + t)),
  );
}
