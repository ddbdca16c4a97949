/**
 * Ranking metrics over graded relevance. A ranking is given as the grade of each returned item, best first
 * (0 = not relevant); `ideal` holds the grade of every relevant item that exists, returned or not.
 * Gains are linear (grade / log2(rank + 1)), as trec_eval's ndcg; with binary grades this is plain nDCG.
 */
export interface Metrics {
  ndcg10: number;
  mrr10: number;
  recall10: number;
  recall50: number;
}

export const METRIC_NAMES: (keyof Metrics)[] = ['ndcg10', 'mrr10', 'recall10', 'recall50'];
export const METRIC_LABELS: Record<keyof Metrics, string> = {
  ndcg10: 'nDCG@10',
  mrr10: 'MRR@10',
  recall10: 'R@10',
  recall50: 'R@50',
};

export function dcgAt(grades: number[], k: number): number {
  let dcg = 0;
  for (let i = 0; i < Math.min(k, grades.length); i++) dcg += grades[i] / Math.log2(i + 2);
  return dcg;
}

export function ndcgAt(grades: number[], ideal: number[], k: number): number {
  const idcg = dcgAt(
    [...ideal].filter((g) => g > 0).sort((a, b) => b - a),
    k,
  );
  return idcg === 0 ? 0 : dcgAt(grades, k) / idcg;
}

/** Reciprocal rank of the first relevant item within the top k, else 0. */
export function mrrAt(grades: number[], k: number): number {
  const i = grades.slice(0, k).findIndex((g) => g > 0);
  return i < 0 ? 0 : 1 / (i + 1);
}

/** Share of the relevant items found in the top k (items are distinct: one per document or chunk). */
export function recallAt(grades: number[], ideal: number[], k: number): number {
  const total = ideal.filter((g) => g > 0).length;
  return total === 0 ? 0 : Math.min(1, grades.slice(0, k).filter((g) => g > 0).length / total);
}

export function metricsFor(grades: number[], ideal: number[]): Metrics {
  return {
    ndcg10: ndcgAt(grades, ideal, 10),
    mrr10: mrrAt(grades, 10),
    recall10: recallAt(grades, ideal, 10),
    recall50: recallAt(grades, ideal, 50),
  };
}

export function meanMetrics(all: Metrics[]): Metrics {
  const mean = (key: keyof Metrics) => (all.length ? all.reduce((s, m) => s + m[key], 0) / all.length : 0);
  return { ndcg10: mean('ndcg10'), mrr10: mean('mrr10'), recall10: mean('recall10'), recall50: mean('recall50') };
}

/** 1-based rank of the first item with at least `minGrade`, or null. */
export function firstRank(grades: number[], minGrade = 1): number | null {
  const i = grades.findIndex((g) => g >= minGrade);
  return i < 0 ? null : i + 1;
}

/** Mean metrics per query kind, kinds in first-seen order (queries without a kind are left out). */
export function metricsByKind(
  kinds: readonly (string | undefined)[],
  perQuery: readonly Metrics[],
): { kind: string; n: number; metrics: Metrics }[] {
  const groups = new Map<string, Metrics[]>();
  kinds.forEach((kind, i) => {
    if (kind === undefined) return;
    const list = groups.get(kind) ?? [];
    list.push(perQuery[i]);
    groups.set(kind, list);
  });
  return [...groups].map(([kind, list]) => ({ kind, n: list.length, metrics: meanMetrics(list) }));
}
