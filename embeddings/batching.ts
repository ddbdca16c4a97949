import type { Encoder } from './onnx-encoder.ts';

/**
 * Embeds texts `batchSize` at a time and returns vectors in input order. With batches, texts are
 * grouped by token count first so a batch pads little; batch size 1 skips that (and is
 * deterministic: the int8 model quantises activations per batch, so neighbours shift vectors).
 */
export async function embedInBatches(
  texts: string[],
  batchSize: number,
  encoder: Pick<Encoder, 'encode' | 'countTokens'>,
): Promise<Float32Array[]> {
  const out = new Array<Float32Array>(texts.length);
  if (batchSize <= 1) {
    for (let i = 0; i < texts.length; i++) out[i] = (await encoder.encode([texts[i]]))[0];
    return out;
  }
  const order = texts
    .map((text, i) => ({ i, tokens: encoder.countTokens(text) }))
    .sort((a, b) => a.tokens - b.tokens || a.i - b.i)
    .map((o) => o.i);
  for (let start = 0; start < order.length; start += batchSize) {
    const ids = order.slice(start, start + batchSize);
    const vectors = await encoder.encode(ids.map((i) => texts[i]));
    ids.forEach((id, k) => (out[id] = vectors[k]));
  }
  return out;
}
