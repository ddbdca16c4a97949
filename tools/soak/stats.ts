// What every request ended with, by kind: counts by status or connection error, latencies of 2xx answers, and which
// failures fell into a chaos outage window (provoked on purpose, counted apart).
import type { Reply } from './http.ts';

export const KINDS = ['search:hybrid', 'search:keyword', 'search:semantic', 'write', 'delete'] as const;
/** `task` is the ledger's own GET /tasks/{id} polls, shown apart from the workload. */
export type Kind = (typeof KINDS)[number] | 'task';

export interface KindStats {
  requests: number;
  ok: number;
  /** status (e.g. "503") or connection error ("ECONNREFUSED") -> count, outside any outage window */
  errors: Record<string, number>;
  /** the same, for failures overlapping an outage window (chaos) */
  duringOutage: Record<string, number>;
  /** 4xx the workload provokes on purpose (none today; kept apart from errors if any are added) */
  expected4xx: Record<string, number>;
  latencies: number[];
}

export class Stats {
  readonly byKind = new Map<Kind, KindStats>();
  constructor() {
    for (const k of [...KINDS, 'task'] as Kind[])
      this.byKind.set(k, { requests: 0, ok: 0, errors: {}, duringOutage: {}, expected4xx: {}, latencies: [] });
  }

  /** `outage`: the request overlapped an outage window; `expected`: a status this request provokes on purpose. */
  record(kind: Kind, r: Reply, outage: boolean, expected: number[] = []): void {
    const s = this.byKind.get(kind)!;
    s.requests++;
    if (r.status >= 200 && r.status < 300) {
      s.ok++;
      s.latencies.push(r.ms);
      return;
    }
    const key = r.status ? String(r.status) : (r.error ?? 'error');
    // A kill explains a refused connection or a 503, never a 429: the soak's own clients must not be throttled.
    const excused = outage && r.status !== 429;
    const into = expected.includes(r.status) ? s.expected4xx : excused ? s.duringOutage : s.errors;
    into[key] = (into[key] ?? 0) + 1;
  }

  total(pick: (s: KindStats) => number, kinds: readonly Kind[] = KINDS): number {
    return kinds.reduce((n, k) => n + pick(this.byKind.get(k)!), 0);
  }
}

export const sum = (m: Record<string, number>, keep: (key: string) => boolean = () => true) =>
  Object.entries(m).reduce((n, [k, v]) => (keep(k) ? n + v : n), 0);
export const is5xx = (key: string) => /^5\d\d$/.test(key);
export const is4xx = (key: string) => /^4\d\d$/.test(key);
export const isConn = (key: string) => !/^\d+$/.test(key);
