import { checkSpec } from '../crawler/spec.ts';
import type { CrawlSpec } from '../crawler/types.ts';
import { KensakuError } from '../errors/kensaku-error.ts';
import type { TaskRecord } from '../domain/tasks.ts';
import type { LastCrawl, SourceRecord, SourceStore } from './source-store.ts';
import type { TaskQueue } from './task-queue.ts';

/** What a caller gives: a spec whose id may be left out (then made from the URL's host and path). */
export type SourceInput = Omit<CrawlSpec, 'id'> & { id?: string };

/** A source as GET /sources shows it. */
export type SourceView = Pick<SourceRecord, 'sourceId' | 'spec' | 'createdAt' | 'updatedAt'> & {
  lastCrawl: LastCrawl | null;
  crawlTaskId: string | null;
  deleting: boolean;
};

export type SourcesService = ReturnType<typeof createSourcesService>;

/** A readable id for a source from its URL: host and first path segment, e.g. `vite-dev` or `example-com-docs`. */
export function sourceIdFor(url: string): string {
  const u = new URL(url);
  const first = u.pathname.split('/').find((s) => s && !s.includes('.')) ?? '';
  return [u.hostname, u.port, first]
    .filter(Boolean)
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

/** The verbs POST/GET/DELETE /sources and `kensaku crawl` call: a crawl and a source's removal are durable tasks. */
export function createSourcesService(sources: SourceStore, tasks: TaskQueue) {
  return {
    /** Stores the source (a new spec for an existing id replaces it) and enqueues its crawl. */
    async crawl(input: SourceInput): Promise<{ source: SourceView; task: TaskRecord }> {
      checkSpec(input);
      const spec: CrawlSpec = { ...input, id: input.id ?? sourceIdFor(input.url) };
      const source = await sources.put(spec);
      const task = await tasks.enqueue({ type: 'crawl', sourceId: spec.id, documentCount: 0 });
      await sources.update(spec.id, { taskId: task.id });
      return { source: view({ ...source, taskId: task.id }), task };
    },
    async list(): Promise<SourceView[]> {
      return (await sources.list()).map(view);
    },
    async get(sourceId: string): Promise<SourceView> {
      const source = await sources.get(sourceId);
      if (!source) throw new KensakuError('source_not_found', `no source with id ${JSON.stringify(sourceId)}`);
      return view(source);
    },
    /** Marks the source as being deleted and enqueues the task that removes its documents, pages and itself. */
    async remove(sourceId: string): Promise<TaskRecord> {
      const source = await sources.get(sourceId);
      if (!source) throw new KensakuError('source_not_found', `no source with id ${JSON.stringify(sourceId)}`);
      await sources.update(sourceId, { deleting: true });
      return tasks.enqueue({ type: 'delete-source', sourceId: sourceId, documentCount: 0 });
    },
  };
}

function view(s: SourceRecord): SourceView {
  return {
    sourceId: s.sourceId,
    spec: s.spec,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    lastCrawl: s.lastCrawl ?? null,
    crawlTaskId: s.taskId ?? null,
    deleting: s.deleting ?? false,
  };
}
