import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { TaskRecord } from '../domain/tasks.ts';

export type Metrics = ReturnType<typeof createMetrics>;

export interface MetricsOptions {
  defaultMetrics?: boolean;
  /** Restarts of the embedded Meilisearch so far, read at each scrape. */
  meiliRestarts?: () => number;
}

/** One registry per app, so several apps in one process (tests) do not share counters. */
export function createMetrics(options: MetricsOptions = {}) {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'kensaku_http_requests_total',
    help: 'HTTP requests',
    labelNames: ['method', 'route', 'status', 'mode'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'kensaku_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'mode'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const documents = new Counter({
    name: 'kensaku_indexed_documents_total',
    help: 'Documents processed by indexing tasks',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const chunks = new Counter({
    name: 'kensaku_indexed_chunks_total',
    help: 'Chunks written to Meilisearch',
    registers: [registry],
  });
  const tasks = new Counter({
    name: 'kensaku_tasks_total',
    help: 'Tasks this process ran to the end',
    labelNames: ['type', 'status'],
    registers: [registry],
  });

  /** A finished task, counted by the process that ran it: summed over processes, each task counts once. */
  const countTask = (task: TaskRecord) => {
    tasks.inc({ type: task.type, status: task.status });
    for (const outcome of ['added', 'updated', 'unchanged', 'deleted', 'failed'] as const)
      documents.inc({ outcome }, task.counts[outcome]);
    chunks.inc(task.counts.chunks);
  };
  const meiliRestarts = options.meiliRestarts;
  new Counter({
    name: 'kensaku_meilisearch_restarts_total',
    help: 'Restarts of the embedded Meilisearch after it exited or stopped answering',
    registers: [registry],
    // The supervisor keeps the count; the counter shows it as it is at the scrape.
    collect() {
      this.reset();
      const n = meiliRestarts?.() ?? 0;
      if (n) this.inc(n);
    },
  });

  const middleware: MiddlewareHandler = async (c, next) => {
    const started = performance.now();
    await next();
    const route = c.res.status === 404 ? 'unmatched' : routePath(c, -1);
    const mode = (c.get as (k: string) => unknown)('searchMode') ?? '';
    const labels = { method: c.req.method, route, mode: String(mode) };
    requests.inc({ ...labels, status: String(c.res.status) });
    latency.observe(labels, (performance.now() - started) / 1000);
  };

  const limited = new Counter({
    name: 'kensaku_rate_limited_total',
    help: 'Requests refused with 429, by what was limited (key, search-key, address)',
    labelNames: ['scope'],
    registers: [registry],
  });
  const countRateLimited = (scope: string) => limited.inc({ scope });

  return { registry, middleware, countTask, countRateLimited };
}
