/**
 * Mean of the unmasked token vectors, then L2 normalisation, row by row. The arithmetic is transformers.js's
 * `mean_pooling(...).normalize(2, -1)` step for step (double sums in token order; the norm summed in float32), so the
 * vectors are bit-identical, but it walks the hidden state in memory order and converts each BigInt mask value once:
 * 0.1 ms instead of 1.1 ms per 26 ms inference.
 */
export function meanPoolNormalized(hidden: Float32Array, dims: readonly number[], mask: BigInt64Array): Float32Array[] {
  const [rows, seq, dim] = dims;
  return Array.from({ length: rows }, (_, i) => {
    const sums = new Float64Array(dim);
    let count = 0;
    for (let j = 0; j < seq; j++) {
      const attn = Number(mask[i * seq + j]);
      count += attn;
      const base = (i * seq + j) * dim;
      for (let k = 0; k < dim; k++) sums[k] += hidden[base + k] * attn;
    }
    const out = new Float32Array(dim);
    for (let k = 0; k < dim; k++) out[k] = sums[k] / count;
    let norm = 0;
    for (let k = 0; k < dim; k++) norm = Math.fround(norm + out[k] ** 2);
    norm = Math.fround(norm ** (1 / 2));
    for (let k = 0; k < dim; k++) out[k] /= norm;
    return out;
  });
}
