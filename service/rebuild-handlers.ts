import type { Chunk, DocumentRecord, SourceDocument, StoredChunk } from '../domain/documents.ts';
import type { TaskRecord, TaskType } from '../domain/tasks.ts';
import type { Embedder } from '../embeddings/types.ts';
import { isKensakuError, KensakuError } from '../errors/kensaku-error.ts';
import { embeddingText } from '../indexer/embedding-text.ts';
import type { KeywordForm } from '../indexer/keyword-form.ts';
import { documentHash } from '../indexer/pipeline/to-stored.ts';
import type { ChunkStore, NodeStore } from '../store/types.ts';
import type { ShardedStore } from '../store/shards/sharded-store.ts';
import type { TaskContext, TaskHandler, TaskResult } from './task-queue.ts';

/** Errors after which the task is run again from its checkpoint (the queue's own list), so its next index is kept. */
const RESUMED = new Set(['meilisearch_unavailable', 'disk_full', 'disk_read_only', 'lease_lost', 'shutting_down']);

export interface RebuildHandlerOptions {
  store: ChunkStore;
  keywordForm: KeywordForm;
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
 * The `rebuild` task: every chunk rewritten into an index beside the live one (store/next-index.ts), with its
 * keyword fields made again from its original text under the current FOLD and READINGS (and, asked, its vector from
 * the current model), and each document's record with the hash a new index run would compute, so unchanged documents
 * stay unchanged afterwards. Both are swapped in at once at the end. Tasks run one at a time, so no write lands in the
 * live index meanwhile; those posted during the rebuild wait in the queue and apply to the new index.
 */
export function rebuildHandlers(options: RebuildHandlerOptions): Record<Extract<TaskType, 'rebuild'>, TaskHandler> {
  const pageSize = options.pageSize ?? 64;
  const form = options.keywordForm;

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
        // Stored at once: a run resumed from an older offset would skip what the new indexes do not hold.
        await ctx.checkpoint(task.id, result);
      }
      const embed = task.embeddings ? embedderOrFail(options) : null;
      const totals = await Promise.all(nodes.map(async (n) => (await n.pageDocuments(1, 0)).total));
      const total = totals.reduce((a, b) => a + b, 0);
      result.progress.documentsTotal = total;
      result.counts.documents = total;
      let before = 0;
      for (const [i, node] of nodes.entries()) {
        for (let at = Math.max(0, result.progress.documentsDone - before); at < totals[i]; ) {
          const { records } = await node.pageDocuments(pageSize, at);
          if (records.length === 0) break;
          const { chunks, documents } = await rewrite(node, records, embed);
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

  /** A page of documents: their chunks with new keyword fields (and vectors), and their records with new hashes. */
  async function rewrite(
    store: NodeStore,
    records: DocumentRecord[],
    embed: { embedder: Embedder; name: string } | null,
  ): Promise<{ chunks: StoredChunk[]; documents: DocumentRecord[] }> {
    const filter = `documentId IN [${records.map((r) => JSON.stringify(r.documentId)).join(', ')}]`;
    const stored: StoredChunk[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await store.pageChunks(filter, 1000, offset, !embed);
      stored.push(...page.chunks);
      if (page.chunks.length < 1000) break;
    }
    const byDocument = new Map<string, StoredChunk[]>();
    for (const c of stored) byDocument.set(c.documentId, [...(byDocument.get(c.documentId) ?? []), c]);
    const chunks: StoredChunk[] = [];
    const documents: DocumentRecord[] = [];
    for (const record of records) {
      const own = (byDocument.get(record.documentId) ?? []).sort((a, b) => a.ordinal - b.ordinal);
      const originals = own.map(originalOf);
      for (const [i, c] of own.entries()) {
        const { reading, romaji, _vectors, ...rest } = c;
        const vectors = embed
          ? {
              hasVector: true,
              _vectors: { [embed.name]: (await embed.embedder.embedPassages([embeddingText(originals[i])]))[0] },
            }
          : { hasVector: c.hasVector, ...(_vectors ? { _vectors } : {}) };
        chunks.push({ ...rest, ...form.fieldsOf(originals[i]), ...vectors });
      }
      const doc: SourceDocument = {
        id: record.documentId,
        title: record.title,
        text: '',
        ...(record.url !== undefined ? { url: record.url } : {}),
        ...(record.source !== undefined ? { source: record.source } : {}),
        ...(record.tags !== undefined ? { tags: record.tags } : {}),
        ...(record.description !== undefined ? { description: record.description } : {}),
        ...(record.lang !== undefined ? { lang: record.lang } : {}),
        ...(record.meta !== undefined ? { meta: record.meta } : {}),
      };
      documents.push({
        ...record,
        hash: documentHash(doc, originals, form),
        ...(embed ? { vectorsComplete: true } : {}),
      });
    }
    return { chunks, documents };
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

/** The chunk as the chunker made it: its original text, without what the store adds. */
function originalOf(c: StoredChunk): Chunk {
  const { title, headingPath, originalText, documentId, chunkId, ordinal, start, end, hash } = c;
  return {
    documentId,
    chunkId,
    ordinal,
    title,
    headingPath,
    text: originalText,
    start,
    end,
    hash,
    ...(c.anchor !== undefined ? { anchor: c.anchor } : {}),
    ...(c.code !== undefined ? { code: c.code } : {}),
    ...(c.lead !== undefined ? { lead: c.lead } : {}),
    ...(c.sentences !== undefined ? { sentences: c.sentences } : {}),
  };
}
