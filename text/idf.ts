/** BM25's IDF of a term held by `df` of `n` texts: ln(1 + (n − df + 0.5)/(df + 0.5)), never negative. */
export function bm25Idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}
