// transformers.js used directly, without our embedder: the plain pipeline (what a first attempt looks like) and the
// tokenizer alone (a profile row: how much of a passage's cost is tokenising).
import { AutoTokenizer, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { MODEL_DIR } from '../../lib/paths.ts';
import { firstVectors, measured, PASSAGE } from './measure.ts';
import type { Variant } from './types.ts';

export async function naivePipelineVariant(): Promise<Variant> {
  const extractor: FeatureExtractionPipeline = await pipeline('feature-extraction', MODEL_DIR, { dtype: 'q8', local_files_only: true });
  await extractor([`${PASSAGE}warm-up`], { pooling: 'mean', normalize: true });
  return {
    name: 'tfjs-naive-doc16',
    label: "transformers.js plain pipeline('feature-extraction'), doc-order batches of 16",
    kind: 'node-raw',
    async run(round, _ids, keep) {
      const m = await measured(async () => {
        const out: Float32Array[] = [];
        for (let s = 0; s < round.texts.length; s += 16) {
          const batch = round.texts.slice(s, s + 16).map((t) => PASSAGE + t);
          const t = await extractor(batch, { pooling: 'mean', normalize: true });
          const [rows, dims] = t.dims as [number, number];
          const data = t.data as Float32Array;
          for (let i = 0; i < rows; i++) out.push(data.slice(i * dims, (i + 1) * dims));
        }
        return out;
      });
      return { passages: round.texts.length, seconds: m.seconds, nodeCpu: m.nodeCpu, vectors: firstVectors(m.value, keep), vectorIds: round.ids.slice(0, keep) };
    },
    close: () => extractor.dispose(),
  };
}

export async function tokenizerVariant(): Promise<Variant> {
  const tokenizer = await AutoTokenizer.from_pretrained(MODEL_DIR, { local_files_only: true });
  return {
    name: 'tfjs-tokenizer-only',
    label: 'profile: transformers.js tokenizer only (no model)',
    kind: 'profile',
    async run(round) {
      let tokens = 0;
      const m = await measured(async () => {
        for (const t of round.texts) tokens += tokenizer(PASSAGE + t, { truncation: true, max_length: 512 }).input_ids.dims[1];
      });
      return { passages: round.texts.length, seconds: m.seconds, nodeCpu: m.nodeCpu, detail: { tokens } };
    },
    close: async () => {},
  };
}
