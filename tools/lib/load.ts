import autocannon from 'autocannon';
import { percentile, round } from './format.ts';

/** Hands out distinct queries in a fixed order; wraps around only after every query was used once. */
export class QueryRotation {
  private cursor = 0;
  used = 0;
  constructor(readonly queries: string[]) {}
  next(): string {
    const q = this.queries[this.cursor];
    this.cursor = (this.cursor + 1) % this.queries.length;
    this.used++;
    return q;
  }
  /** True while no query has been handed out twice. */
  get neverRepeated(): boolean {
    return this.used <= this.queries.length;
  }
}

export interface LoadOptions {
  /** Server root, e.g. http://127.0.0.1:1234 (loopback only). */
  base: string;
  /** Builds the request path for a query, e.g. `/search?q=…&mode=hybrid`. */
  path: (q: string) => string;
  queries: QueryRotation;
  connections: number;
  /** Requests to send (bounded) … */
  amount: number;
  /** … and seconds at most (bounded). */
  maxSeconds: number;
  /** Stop early when this returns true (checked every 250 ms), e.g. when a bulk index finished. */
  stopWhen?: () => boolean | Promise<boolean>;
  /** Sent with every request (an Authorization header). */
  headers?: Record<string, string>;
}

export interface LoadResult {
  connections: number;
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  rps: number;
  /** Client-measured latency, ms. */
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  /** Server-reported processingTimeMs parts (medians), when the response carries them. */
  server?: { total: number; embedding: number; meilisearch: number; embedP95: number };
  /** Responses whose server-side embedding took < 0.5 ms: query-cache hits (expected 0: bench servers cache none). */
  suspectedLruHits?: number;
  /** Responses that say `"cached":true`: answered whole from kensaku's response cache. */
  cachedResponses?: number;
  /** Per response: [completion time (ms since epoch), latency ms]. */
  samples: Array<[number, number]>;
}

const TIMING = /"processingTimeMs":\{"total":([\d.]+),"embedding":([\d.]+),"meilisearch":([\d.]+)/;

export function summarise(
  samples: Array<[number, number]>,
  extra: Omit<LoadResult, 'p50' | 'p95' | 'p99' | 'max' | 'mean' | 'samples' | 'requests' | 'ok'> & { ok?: number },
): LoadResult {
  const lat = samples.map(([, l]) => l);
  return {
    ...extra,
    requests: samples.length + extra.non2xx + extra.errors,
    ok: extra.ok ?? samples.length,
    p50: round(percentile(lat, 50), 2),
    p95: round(percentile(lat, 95), 2),
    p99: round(percentile(lat, 99), 2),
    max: round(Math.max(...lat), 2),
    mean: round(lat.reduce((s, x) => s + x, 0) / (lat.length || 1), 2),
    samples,
  };
}

/** One bounded autocannon run with a distinct query per request; exact percentiles from every response. */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const samples: Array<[number, number]> = [];
  const server = { total: [] as number[], embedding: [] as number[], meilisearch: [] as number[] };
  let non2xx = 0;
  let cached = 0;
  const started = performance.now();
  const instance = autocannon({
    url: o.base,
    connections: Math.min(o.connections, o.amount),
    amount: o.amount,
    timeout: 30,
    requests: [
      {
        method: 'GET',
        ...(o.headers ? { headers: o.headers } : {}),
        setupRequest: (req) => ({ ...req, path: o.path(o.queries.next()) }),
        onResponse: (status, body) => {
          if (status !== 200) return;
          if (body.includes('"cached":true')) cached++;
          const m = TIMING.exec(body);
          if (m) {
            server.total.push(Number(m[1]));
            server.embedding.push(Number(m[2]));
            server.meilisearch.push(Number(m[3]));
          }
        },
      },
    ],
  });
  // autocannon resolves on its next one-second tick, so time ends at the last response instead.
  let lastResponse = started;
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    lastResponse = performance.now();
    if (status >= 200 && status < 300) samples.push([Date.now(), ms]);
    else non2xx++;
  });
  const guard = setTimeout(() => instance.stop(), o.maxSeconds * 1000);
  let watching = true;
  const watch = (async () => {
    while (watching && o.stopWhen) {
      await new Promise((r) => setTimeout(r, 250));
      if (watching && (await o.stopWhen())) {
        instance.stop();
        return;
      }
    }
  })();
  const result = await instance;
  watching = false;
  clearTimeout(guard);
  await watch;
  const seconds = (lastResponse - started) / 1000;
  const out = summarise(samples, {
    connections: o.connections,
    non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: round(seconds, 2),
    rps: round(samples.length / seconds, 1),
  });
  if (server.total.length) {
    out.server = {
      total: round(percentile(server.total, 50), 2),
      embedding: round(percentile(server.embedding, 50), 2),
      meilisearch: round(percentile(server.meilisearch, 50), 2),
      embedP95: round(percentile(server.embedding, 95), 2),
    };
    out.suspectedLruHits = server.embedding.filter((x) => x < 0.5).length;
  }
  if (cached) out.cachedResponses = cached;
  return out;
}

/**
 * Each arm's load in quarters ordered A B, B A, A B, B A, so drift on the shared machine hits every arm alike; each
 * arm draws the same queries in the same order (its own rotation). The quarters are pooled per arm.
 */
export async function interleavedLoad<A extends string>(
  arms: readonly A[],
  queries: string[],
  quarter: (arm: A, rotation: QueryRotation) => Promise<LoadResult>,
): Promise<Record<A, LoadResult>> {
  const rotations = new Map(arms.map((arm) => [arm, new QueryRotation(queries)]));
  const parts = new Map<A, LoadResult[]>(arms.map((arm) => [arm, []]));
  const backward = [...arms].reverse();
  for (const order of [arms, backward, arms, backward])
    for (const arm of order) parts.get(arm)!.push(await quarter(arm, rotations.get(arm)!));
  return Object.fromEntries(arms.map((arm) => [arm, pool(parts.get(arm)!)])) as Record<A, LoadResult>;
}

/**
 * The part of a load run that answered while a task ran, from `from` (when it was posted) to `until` (when it
 * finished): what "during" means for a bulk index or a rebuild, whose load goes on a little past the task's end.
 */
export function whileRunning(run: LoadResult, from: number, until: number): LoadResult {
  const inside = run.samples.filter(([t]) => t <= until);
  return summarise(inside, {
    connections: run.connections,
    non2xx: run.non2xx,
    errors: run.errors,
    timeouts: run.timeouts,
    seconds: round((until - from) / 1000, 2),
    rps: round(inside.length / ((until - from) / 1000), 1),
  });
}

/** Pools the samples of several runs of the same target (ABAB halves) into one result. */
export function pool(runs: LoadResult[]): LoadResult {
  const samples = runs.flatMap((r) => r.samples);
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  const out = summarise(samples, {
    connections: runs[0].connections,
    non2xx: runs.reduce((s, r) => s + r.non2xx, 0),
    errors: runs.reduce((s, r) => s + r.errors, 0),
    timeouts: runs.reduce((s, r) => s + r.timeouts, 0),
    seconds: round(seconds, 2),
    rps: round(samples.length / seconds, 1),
  });
  const withServer = runs.filter((r) => r.server);
  if (withServer.length) {
    const avg = (f: (r: LoadResult) => number) =>
      round(withServer.reduce((s, r) => s + f(r), 0) / withServer.length, 2);
    out.server = {
      total: avg((r) => r.server!.total),
      embedding: avg((r) => r.server!.embedding),
      meilisearch: avg((r) => r.server!.meilisearch),
      embedP95: avg((r) => r.server!.embedP95),
    };
    out.suspectedLruHits = withServer.reduce((s, r) => s + (r.suspectedLruHits ?? 0), 0);
  }
  const cached = runs.reduce((s, r) => s + (r.cachedResponses ?? 0), 0);
  if (cached) out.cachedResponses = cached;
  return out;
}

/** A LoadResult without its per-response samples (kept out of the JSON). */
export function strip(r: LoadResult) {
  const { samples: _s, ...rest } = r;
  return rest;
}
