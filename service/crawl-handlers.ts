import { createCrawler } from '../crawler/crawler.ts';
import { indexSink } from '../crawler/index-sink.ts';
import type { CrawlLimits, CrawlRun } from '../crawler/types.ts';
import type { Embedder } from '../embeddings/types.ts';
import type { KeywordForm } from '../indexer/keyword-form.ts';
import type { ChunkStore } from '../store/chunk-store.ts';
import type { TaskRecord } from '../domain/tasks.ts';
import type { SourceStore } from './source-store.ts';
import type { TaskContext, TaskHandler, TaskResult } from './task-queue.ts';

export interface CrawlHandlersOptions {
  store: ChunkStore;
  sources: SourceStore;
  embedder: () => Embedder | null;
  embedderName: () => string | null;
  maxChars: number;
  keywordForm: KeywordForm;
  /** The fetch layer's and the traps' limits, where the defaults are not wanted. */
  limits?: Partial<CrawlLimits>;
}

/** A crawl's counts and failures as a task shows them: each failed URL is an error entry, its reason the message. */
export function crawlResult(run: CrawlRun, done: number, queued: number): TaskResult {
  const { counts } = run;
  return {
    // `documents` is what the crawl tried: a crawl whose every attempt failed is a failed task. So is one that failed
    // as a whole (`error`: its start not reached, nothing deleted), whatever its pages did: the crawl counts itself
    // one failure, and only failures count as tried.
    counts: {
      documents: run.error ? counts.failed : Math.max(counts.seen, counts.failed),
      added: counts.added,
      updated: counts.updated,
      unchanged: counts.unchanged,
      deleted: counts.deleted,
      failed: counts.failed,
      chunks: 0,
      seen: counts.seen,
      skipped: counts.skipped,
    },
    errors: run.failures.map((f) => ({ documentId: f.url, message: f.reason })),
    progress: { documentsDone: done, documentsTotal: done + queued },
  };
}

/**
 * The crawl task handlers. `crawl` runs a source's crawl, resuming the one its source row holds when a crawl was cut
 * short (kill -9, shutdown): every checkpoint saves the frontier and pages with the source, then the task's counts.
 * `delete-source` removes a source's documents, its pages and the source. Both run under the queue's lease, after the
 * tasks enqueued before them, so a delete never races the crawl it follows.
 */
export function crawlHandlers(options: CrawlHandlersOptions): { crawl: TaskHandler; 'delete-source': TaskHandler } {
  async function crawlOne(task: TaskRecord, ctx: TaskContext): Promise<TaskResult> {
    const sourceId = task.sourceId!;
    const source = await options.sources.get(sourceId);
    if (!source || source.deleting) {
      return {
        counts: { ...task.counts, failed: 1, documents: 1 },
        errors: [{ documentId: '*', message: `no source ${JSON.stringify(sourceId)} (deleted?)` }],
        progress: { documentsDone: 0, documentsTotal: 0 },
      };
    }
    let done = 0;
    let queued = 0;
    const crawler = createCrawler({
      spec: source.spec,
      limits: options.limits,
      state: options.sources.stateOf(sourceId),
      sink: indexSink({
        store: options.store,
        embedder: options.embedder(),
        embedderName: options.embedderName(),
        maxChars: options.maxChars,
        keywordForm: options.keywordForm,
      }),
      signal: ctx.signal,
      onProgress: (p) => {
        done = p.done;
        queued = p.queued;
        ctx.progress(task.id, p.done);
      },
      onCheckpoint: (run) => ctx.checkpoint(task.id, crawlResult(run, done, queued)),
    });
    const run = await crawler.run();
    await options.sources.update(sourceId, {
      taskId: null,
      // Kept while it holds documents it could not delete: the next crawl takes them over.
      run: run.orphans?.length ? run : null,
      lastCrawl: {
        taskId: task.id,
        startedAt: run.startedAt,
        finishedAt: run.finishedAt!,
        counts: run.counts,
        failures: run.failures,
        truncated: run.truncated,
        ...(run.error ? { error: run.error } : {}),
      },
    });
    return crawlResult(run, done, 0);
  }

  return {
    async crawl(tasks, ctx) {
      const results = new Map<string, TaskResult>();
      for (const task of tasks) results.set(task.id, await crawlOne(task, ctx));
      return results;
    },
    async 'delete-source'(tasks) {
      const results = new Map<string, TaskResult>();
      for (const task of tasks) {
        const sourceId = task.sourceId!;
        // Idempotent: a delete resumed after a crash finds what is left, if anything, and removes it.
        const docIds = await options.sources.documentIds(sourceId);
        await options.store.deleteDocuments(docIds);
        await options.sources.remove(sourceId);
        results.set(task.id, {
          counts: { ...task.counts, deleted: docIds.length, documents: docIds.length },
          errors: [],
          progress: { documentsDone: 1, documentsTotal: 1 },
        });
      }
      return results;
    },
  };
}
