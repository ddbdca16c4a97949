/** Nearest-rank percentile of unsorted samples (p in 0..100); NaN when empty. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(samples: number[]): number {
  return percentile(samples, 50);
}

/** Rounds for JSON: 3 significant decimals at most, keeps integers. */
export function round(x: number, digits = 3): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function fmt(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (!Number.isFinite(x)) return '∞';
  return x.toFixed(digits);
}

export function ratio(a: number, b: number): number {
  return b > 0 ? a / b : NaN;
}

export function fmtRatio(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  return `${x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`;
}

/** A plain-text table: first row is the header; numbers right-aligned by the caller's formatting. */
export function table(rows: string[][], rightAlign: (col: number) => boolean = (c) => c > 0): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => {
        const pad = ' '.repeat(Math.max(0, widths[c] - [...cell].length));
        return rightAlign(c) ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  const sep = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(rows[0]), sep, ...rows.slice(1).map(line)].join('\n');
}

export function heading(title: string): string {
  return `\n=== ${title} ${'='.repeat(Math.max(0, 74 - title.length))}`;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Wall clock in ms since `start` (performance.now()). */
export const since = (start: number) => performance.now() - start;

/** The first cells of a load run's row: target, concurrency, requests answered, p50 / p95 / p99 (ms) and req/s. */
export function loadCells(
  target: string,
  concurrency: number,
  r: { ok: number; p50: number; p95: number; p99: number; rps: number },
): string[] {
  return [target, String(concurrency), String(r.ok), fmt(r.p50), fmt(r.p95), fmt(r.p99), fmt(r.rps)];
}
