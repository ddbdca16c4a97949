// What each kind of request in the Zipf stream costs, one request at a time: a response-cache hit, a repeat the server
// computes again (its query vector cached), a query seen for the first time (it embeds). From the peer's costs and the
// stream's shares follows the bound a 2× throughput target sets on a first-seen query, whatever else is made cheap.
import { cpuSeconds } from '../../lib/proc.ts';

export type RequestClass = 'hit' | 'repeat' | 'novel';

export interface ClassCost {
  n: number;
  /** CPU per request, ms: the server process (its model included) and Meilisearch. */
  serverMs: number;
  meiliMs: number;
}

export interface ClassTarget {
  base: string;
  path: (q: string) => string;
  pid: number;
}

/**
 * Sends `requests` one by one (c=1, so each CPU delta is that request's) and totals the CPU by class. `seen` holds the
 * queries the target was sent before; a response that says `"cached": true` is a hit.
 */
export async function costByClass(
  target: ClassTarget,
  meiliPid: number,
  requests: readonly string[],
  seen: ReadonlySet<string>,
): Promise<Partial<Record<RequestClass, ClassCost>>> {
  const asked = new Set(seen);
  const sums: Partial<Record<RequestClass, { n: number; server: number; meili: number }>> = {};
  for (const q of requests) {
    const s0 = cpuSeconds(target.pid);
    const m0 = cpuSeconds(meiliPid);
    const res = await fetch(target.base + target.path(q));
    if (!res.ok) throw new Error(`zipf classes: ${res.status} for ${q}`);
    const body = (await res.json()) as { cached?: boolean };
    const k: RequestClass = body.cached ? 'hit' : asked.has(q) ? 'repeat' : 'novel';
    asked.add(q);
    const s = (sums[k] ??= { n: 0, server: 0, meili: 0 });
    s.n++;
    s.server += cpuSeconds(target.pid) - s0;
    s.meili += cpuSeconds(meiliPid) - m0;
  }
  return Object.fromEntries(
    Object.entries(sums).map(([k, s]) => [
      k,
      { n: s.n, serverMs: (1000 * s.server) / s.n, meiliMs: (1000 * s.meili) / s.n },
    ]),
  );
}

const total = (c: ClassCost | undefined) => (c ? c.serverMs + c.meiliMs : 0);

/** CPU per request over the classes, weighted by how often each came. */
export function meanCost(classes: Partial<Record<RequestClass, ClassCost>>): number {
  const all = Object.values(classes);
  const n = all.reduce((s, c) => s + c.n, 0);
  return n ? all.reduce((s, c) => s + c.n * total(c), 0) / n : Number.NaN;
}

/**
 * The most a first-seen query may cost (server + Meilisearch, ms) for `ratio`× the peer's requests per second on
 * saturated cores, with every other request answered from the response cache at its measured cost; and what the
 * peer itself spends embedding one (its first-seen minus its repeat server CPU), which no first-seen query avoids.
 */
export function novelBound(
  ours: Partial<Record<RequestClass, ClassCost>>,
  peer: Partial<Record<RequestClass, ClassCost>>,
  ratio: number,
) {
  const n = Object.values(ours).reduce((s, c) => s + c.n, 0);
  const novelShare = (ours.novel?.n ?? 0) / n;
  const budget = meanCost(peer) / ratio;
  const allowed = (budget - (1 - novelShare) * total(ours.hit)) / novelShare;
  const embedding = (peer.novel?.serverMs ?? Number.NaN) - (peer.repeat?.serverMs ?? Number.NaN);
  return { novelShare, budget, allowed, embedding, peerMeili: peer.novel?.meiliMs ?? Number.NaN };
}
