import type { Tensor } from '@huggingface/transformers';
import { meanPoolNormalized } from './mean-pool.ts';
import type { ModelDtype } from './types.ts';

/** A loaded tokenizer + ONNX session: texts in, mean-pooled L2-normalised vectors out. */
export interface Encoder {
  encode(texts: string[]): Promise<Float32Array[]>;
  countTokens(text: string): number;
  dispose(): Promise<void>;
}

export interface EncoderOptions {
  dir: string;
  dtype: ModelDtype;
  threads: number;
  spin: boolean;
  maxTokens: number;
}

/** Loads from the folder only (absolute path, local_files_only): never reaches for the hub. */
export async function loadEncoder(options: EncoderOptions): Promise<Encoder> {
  const { dir, dtype, threads, spin } = options;
  // onnxruntime-node reads `extra` as session config entries (session.intra_op.allow_spinning).
  const noSpin = { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } };
  // Imported when a model loads: the package costs about a second of start-up, and the server answers keyword
  // searches before its model is there.
  const { AutoModel, AutoTokenizer } = await import('@huggingface/transformers');
  const tokenizer = await AutoTokenizer.from_pretrained(dir, { local_files_only: true });
  const model = await AutoModel.from_pretrained(dir, {
    local_files_only: true,
    dtype,
    session_options: { intraOpNumThreads: threads, interOpNumThreads: 1, ...(spin ? {} : { extra: noSpin }) } as {
      intraOpNumThreads: number;
    },
  });
  const maxTokens = Math.min(options.maxTokens, tokenizer.model_max_length ?? Infinity);
  // The session already uses `threads` cores: overlapping runs would only fight over them.
  let tail: Promise<unknown> = Promise.resolve();
  let disposed = false;

  async function run(texts: string[]): Promise<Float32Array[]> {
    const inputs = tokenizer(texts, { padding: true, truncation: true, max_length: maxTokens });
    const outputs = await model(inputs);
    const hidden: Tensor = outputs.last_hidden_state;
    return meanPoolNormalized(
      hidden.data as Float32Array,
      hidden.dims,
      (inputs.attention_mask as Tensor).data as BigInt64Array,
    );
  }

  return {
    encode(texts) {
      const result = tail.then(() => run(texts));
      tail = result.catch(() => undefined);
      return result;
    },
    countTokens: (text) => Math.min(tokenizer.encode(text).length, maxTokens),
    dispose: async () => {
      // Closing twice (a shared embedder closed by two owners) must not throw.
      if (disposed) return;
      disposed = true;
      await model.dispose();
    },
  };
}
