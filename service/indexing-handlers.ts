import type { ChunkStore } from '../store/chunk-store.ts';
import type { Embedder } from '../embeddings/types.ts';
import type { SourceDocument } from '../domain/documents.ts';
import { indexDocuments } from '../indexer/pipeline/index-documents.ts';
import { fillVectors } from '../indexer/pipeline/fill-vectors.ts';
import type { DocumentOutcome, IndexOptions } from '../indexer/pipeline/types.ts';
import type { KeywordForm } from '../indexer/keyword-form.ts';
import type { DocumentPreparer } from '../indexer/pipeline/prepare.ts';
import type { TaskRecord } from '../domain/tasks.ts';
import type { TaskStore } from '../store/task-store.ts';
import type { Sharding } from '../store/shards/sharded-store.ts';
import { findMisplaced, moveDocuments } from '../store/shards/reshard.ts';
import type { TaskContext, TaskHandler, TaskResult } from './task-queue.ts';

export interface IndexingHandlersOptions {
  store: ChunkStore;
  /** Where index tasks read their documents from. */
  taskStore: TaskStore;
  /** The indexing embedder; null while the model is down (chunks then go in without vectors, filled in later). */
  embedder: () => Embedder | null;
  embedderName: () => string | null;
  maxChars: number;
  keywordForm: KeywordForm;
  /** Chunking and readings on another thread (Core.preparer); unset: beside the embedding on this one. */
  preparer?: DocumentPreparer | null;
  /** Documents per checkpoint of a large task: what a crash may make the resumed run redo. */
  pageSize?: number;
  /** MEILI_SHARDS: the shards a reshard moves documents between; null on one node. */
  sharding: Sharding | null;
  /** Documents per move (and checkpoint) of a reshard. */
  reshardBatch: number;
}

const resultOf = (task: TaskRecord): TaskResult => ({
  counts: { ...task.counts },
  errors: [...task.errors],
  progress: { ...task.progress },
});

/** The task handlers: index payloads, delete documents, fill in missing vectors. Each is safe to run again. */
export function indexingHandlers(
  options: IndexingHandlersOptions,
): Record<Exclude<TaskRecord['type'], 'crawl' | 'delete-source' | 'backup' | 'rebuild'>, TaskHandler> {
  const pageSize = options.pageSize ?? 256;
  const pipeline = (onDocument: IndexOptions['onDocument'], onProgress?: IndexOptions['onProgress']): IndexOptions => ({
    store: options.store,
    embedder: options.embedder(),
    embedderName: options.embedderName(),
    maxChars: options.maxChars,
    keywordForm: options.keywordForm,
    preparer: options.preparer ?? undefined,
    onDocument,
    onProgress,
  });
  const tally =
    (result: TaskResult) => (documentId: string, outcome: DocumentOutcome, chunks: number, message?: string) => {
      result.counts[outcome]++;
      result.counts.chunks += chunks;
      if (outcome === 'failed') result.errors.push({ documentId, message: message ?? 'failed' });
    };

  /** One large task, a page at a time, with a checkpoint after each page but the last. */
  async function paged(task: TaskRecord, ctx: TaskContext): Promise<TaskResult> {
    const result = resultOf(task);
    const total = task.progress.documentsTotal;
    for (let from = task.progress.documentsDone; from < total; from += pageSize) {
      const to = Math.min(total, from + pageSize);
      const docs = (await options.taskStore.payloads([{ id: task.id, from, to }])).get(task.id) ?? [];
      await indexDocuments(
        docs,
        pipeline(tally(result), (p) => ctx.progress(task.id, from + p.documentsDone)),
      );
      result.progress.documentsDone = to;
      if (to < total) await ctx.checkpoint(task.id, result);
    }
    return result;
  }

  /**
   * Small tasks together: one pipeline run. A document in several of them is written once, in its last version;
   * the earlier writes count as updated, as they would be if each had run alone.
   */
  async function grouped(tasks: TaskRecord[], ctx: TaskContext): Promise<Map<string, TaskResult>> {
    const results = new Map(tasks.map((t) => [t.id, resultOf(t)]));
    const payloads = await options.taskStore.payloads(
      tasks.map((t) => ({ id: t.id, from: t.progress.documentsDone, to: t.progress.documentsTotal })),
    );
    const last = new Map<string, { taskId: string; doc: SourceDocument }>();
    for (const t of tasks) {
      for (const doc of payloads.get(t.id) ?? []) {
        const earlier = last.get(doc.id);
        if (earlier) results.get(earlier.taskId)!.counts.updated++;
        last.set(doc.id, { taskId: t.id, doc });
      }
    }
    const owner = new Map([...last].map(([id, v]) => [id, results.get(v.taskId)!]));
    const input = [...last.values()];
    // Embedded so far, per task: documents settle in input order.
    const done = new Map(tasks.map((t) => [t.id, t.progress.documentsDone]));
    const onProgress = (p: { documentsDone: number }) => {
      const { taskId } = input[p.documentsDone - 1];
      done.set(taskId, done.get(taskId)! + 1);
      ctx.progress(taskId, done.get(taskId)!);
    };
    await indexDocuments(
      input.map((v) => v.doc),
      pipeline((id, outcome, chunks, message) => tally(owner.get(id)!)(id, outcome, chunks, message), onProgress),
    );
    for (const r of results.values()) r.progress.documentsDone = r.progress.documentsTotal;
    return results;
  }

  return {
    async index(tasks, ctx) {
      if (tasks.length === 1 && tasks[0].progress.documentsTotal - tasks[0].progress.documentsDone > pageSize) {
        return new Map([[tasks[0].id, await paged(tasks[0], ctx)]]);
      }
      return grouped(tasks, ctx);
    },
    async delete(tasks) {
      // Idempotent: a delete resumed after a crash finds what is left, if anything, and removes it.
      await options.store.deleteDocuments([...new Set(tasks.map((t) => t.documentId!))]);
      return new Map(
        tasks.map((t) => [
          t.id,
          { ...resultOf(t), counts: { ...t.counts, deleted: 1 }, progress: { documentsDone: 1, documentsTotal: 1 } },
        ]),
      );
    },
    async reshard(tasks, ctx) {
      const [task] = tasks;
      const result = resultOf(task);
      const sharding = options.sharding;
      const active = sharding?.shards.filter((s) => !s.node.retired).map((s) => s.node.name) ?? [];
      const refusal = !sharding
        ? 'not sharded: set MEILI_SHARDS to reshard'
        : task.shards && task.shards.join(',') !== active.join(',')
          ? `asked for shards ${task.shards.join(', ')}, but this process has ${active.join(', ')}: give every process the same MEILI_SHARDS`
          : null;
      if (!sharding || refusal) {
        result.errors.push({ documentId: '*', message: refusal! });
        result.counts.failed = result.counts.documents = 1;
        return new Map(tasks.map((t) => [t.id, result]));
      }
      // Found again on every run: a resumed reshard moves what is still misplaced, whatever the last run did.
      const misplaced = await findMisplaced(sharding);
      const done = task.progress.documentsDone;
      result.progress = {
        documentsDone: done,
        documentsTotal: done + misplaced.reduce((n, m) => n + m.documentIds.length, 0),
      };
      result.counts.moved ??= 0;
      for (const { from, documentIds } of misplaced) {
        for (let i = 0; i < documentIds.length; i += options.reshardBatch) {
          const batch = documentIds.slice(i, i + options.reshardBatch);
          const { chunks } = await moveDocuments(sharding, from, batch);
          result.counts.moved += batch.length;
          result.counts.documents = result.counts.moved;
          result.counts.chunks += chunks;
          result.progress.documentsDone += batch.length;
          ctx.progress(task.id, result.progress.documentsDone);
          if (result.progress.documentsDone < result.progress.documentsTotal) await ctx.checkpoint(task.id, result);
        }
      }
      // Reshards queued together are one run: each reports what it moved.
      return new Map(tasks.map((t) => [t.id, result]));
    },
    async vectors(tasks) {
      const embedder = options.embedder();
      const name = options.embedderName();
      const chunks = embedder && name ? await fillVectors({ store: options.store, embedder, embedderName: name }) : 0;
      return new Map(
        tasks.map((t, i) => [t.id, { ...resultOf(t), counts: { ...t.counts, chunks: i === 0 ? chunks : 0 } }]),
      );
    },
  };
}
