import type { TaskRecord, TaskType } from '../domain/tasks.ts';
import type { Embedder } from '../embeddings/types.ts';
import { isKensakuError, KensakuError } from '../errors/kensaku-error.ts';
import type { KeywordForm } from '../indexer/keyword-form.ts';
import type { ChunkStore, NodeStore } from '../store/types.ts';
import type { ShardedStore } from '../store/shards/sharded-store.ts';
import type { TaskContext, TaskHandler, TaskResult } from './task-queue.ts';
import { rewriteDocuments } from './rebuild-rewrite.ts';

/** Errors after which the task is run again from its checkpoint (the queue's own list), so its next index is kept. */
const RESUMED = new Set(['meilisearch_unavailable', 'disk_full', 'disk_read_only', 'lease_lost', 'shutting_down']);

export interface RebuildHandlerOptions {
  store: ChunkStore;
  keywordForm: KeywordForm;
  /** CHUNK_MAX_CHARS: documents whose record keeps their text are cut again with it. */
  maxChars: number;
  /** The indexing embedder, for a rebuild with embeddings; null while the model is down. */
  embedder: () => Embedder | null;
  embedderName: () => string | null;
  /** Documents per page, and per checkpoint: what a resumed run may redo. */
  pageSize?: number;
}

/** The nodes a rebuild builds on: the one store, or every shard (retired ones too: they still hold chunks). */
export const rebuildNodes = (store: ChunkStore): NodeStore[] | null =>
  'nextIndexes' in store
    ? [store as NodeStore]
    : 'sharding' in store
      ? (store as ShardedStore).sharding.shards.map((s) => s.store)
      : null;

/**
 * The `rebuild` task: every document's chunks rewritten into an index beside the live one (store/next-index.ts), cut
 * again under the current CHUNK_MAX_CHARS, with keyword fields under the current FOLD and READINGS (and, asked, vectors
 * from the current model; service/rebuild-rewrite.ts), and each document's record with the hash a new index run
 * would compute, so unchanged documents stay unchanged afterwards. Both are swapped in at once at the end. Tasks run
 * one at a time, so no write lands in the live index meanwhile; those posted during the rebuild wait in the queue and
 * apply to the new index.
 */
export function rebuildHandlers(options: RebuildHandlerOptions): Record<Extract<TaskType, 'rebuild'>, TaskHandler> {
  const pageSize = options.pageSize ?? 64;

  /**
   * Every node's chunks into its next index (one node, or each shard in turn, with one offset over all of them),
   * then the swaps: on shards only once every node is built, so a failure before leaves every node on the old index.
   */
  async function rebuildOne(nodes: NodeStore[], task: TaskRecord, ctx: TaskContext): Promise<TaskResult> {
    const nexts = nodes.map((n) => n.nextIndexes());
    const result: TaskResult = {
      counts: { ...task.counts },
      errors: [...task.errors],
      progress: { ...task.progress },
    };
    const { documentsDone, documentsTotal } = task.progress;
    // The last checkpoint says every node was built: what is left is the swaps (and drops) not yet done.
    const swapping = documentsTotal > 0 && documentsDone >= documentsTotal;
    if (!swapping) {
      const states = await Promise.all(nexts.map((n) => n.state()));
      // A fresh start drops what an abandoned run left; a resumed one goes on from its checkpoint.
      if (documentsDone === 0 || states.some((s) => s !== 'building')) {
        for (const next of nexts) await next.create();
        result.progress.documentsDone = 0;
        result.counts.chunks = 0;
        result.counts.kept = 0;
        // Stored at once: a run resumed from an older offset would skip what the new indexes do not hold.
        await ctx.checkpoint(task.id, result);
      }
      const embed = task.embeddings ? embedderOrFail(options) : null;
      const totals = await Promise.all(nodes.map(async (n) => (await n.pageDocuments(1, 0, { body: false })).total));
      const total = totals.reduce((a, b) => a + b, 0);
      result.progress.documentsTotal = total;
      result.counts.documents = total;
      let before = 0;
      for (const [i, node] of nodes.entries()) {
        for (let at = Math.max(0, result.progress.documentsDone - before); at < totals[i]; ) {
          const { records } = await node.pageDocuments(pageSize, at);
          if (records.length === 0) break;
          const { chunks, documents, kept } = await rewriteDocuments(node, records, {
            keywordForm: options.keywordForm,
            maxChars: options.maxChars,
            embedder: embed?.embedder ?? options.embedder(),
            embedderName: embed?.name ?? options.embedderName(),
            reembed: embed !== null,
          });
          result.counts.kept = (result.counts.kept ?? 0) + kept;
          await nexts[i].writeChunks(chunks);
          await nexts[i].putDocuments(documents);
          at += records.length;
          result.counts.chunks += chunks.length;
          result.progress.documentsDone = before + at;
          ctx.progress(task.id, result.progress.documentsDone);
          await ctx.checkpoint(task.id, result);
        }
        before += totals[i];
      }
      result.progress.documentsDone = total;
      await ctx.checkpoint(task.id, result);
    }
    for (const next of nexts) {
      const state = await next.state();
      // Swapped already (a resumed run): only the old index, now under the next name, is left to drop.
      if (state === 'swapped') await next.drop();
      else if (state === 'building') await next.swap();
    }
    if (task.embeddings) {
      const { embedder } = embedderOrFail(options);
      await options.store.putEmbedderRecord({
        modelId: embedder.modelId,
        fingerprint: embedder.fingerprint,
        dimensions: embedder.dimensions,
      });
    }
    for (const node of nodes) await node.registerFields();
    return result;
  }

  return {
    async rebuild(tasks, ctx) {
      const results = new Map<string, TaskResult>();
      for (const task of tasks) {
        const nodes = rebuildNodes(options.store);
        if (!nodes) {
          results.set(task.id, {
            counts: { ...task.counts, documents: 1, failed: 1 },
            errors: [...task.errors, { documentId: '*', message: 'this store cannot be rebuilt' }],
            progress: task.progress,
          });
          continue;
        }
        try {
          results.set(task.id, await rebuildOne(nodes, task, ctx));
        } catch (e) {
          // A failed rebuild leaves the live indexes as they were and nothing beside them.
          if (!(isKensakuError(e) && RESUMED.has(e.code)))
            for (const node of nodes)
              await node
                .nextIndexes()
                .drop()
                .catch(() => undefined);
          throw e;
        }
      }
      return results;
    },
  };
}

function embedderOrFail(options: RebuildHandlerOptions): { embedder: Embedder; name: string } {
  const embedder = options.embedder();
  const name = options.embedderName();
  if (!embedder || !name)
    throw new KensakuError('embeddings_unavailable', 'a rebuild with embeddings needs the model, which is not loaded');
  return { embedder, name };
}
