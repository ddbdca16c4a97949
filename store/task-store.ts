import type { Meilisearch } from 'meilisearch';
import type { SourceDocument } from '../domain/documents.ts';
import type { TaskRecord } from '../domain/tasks.ts';
import { ensureIndex } from './ensure-index.ts';
import { isMeiliDocumentId } from './ids.ts';
import { meili, meiliFind } from './meili-errors.ts';
import { settle } from './tasks.ts';

export interface TaskStoreOptions {
  client: Meilisearch;
  /** Tasks live in `<indexName>_tasks`, their documents in `<indexName>_task_payloads`. */
  indexName: string;
  taskTimeoutMs: number;
}

interface PayloadRow {
  id: string;
  taskId: string;
  n: number;
  /** When it was written (ms): a payload without a task is an orphan only once no request can still be writing it. */
  storedAt: number;
  document: SourceDocument;
}

/** Largest payload write, in characters of document text: well inside Meilisearch's 100 MB request limit. */
const PAYLOAD_WRITE_CHARS = 8_000_000;
const UNFINISHED = 'status IN [enqueued, processing]';

export type TaskStore = ReturnType<typeof createTaskStore>;

/**
 * The durable task queue's storage, in Meilisearch, the store of record: it is shared by every API process on the
 * same Meilisearch, and a write is durable once its Meilisearch task has succeeded. Payloads sit apart from the
 * records, so a status update never rewrites a 20 MB body.
 */
export function createTaskStore(options: TaskStoreOptions) {
  const { client } = options;
  const tasksUid = `${options.indexName}_tasks`;
  const payloadsUid = `${options.indexName}_task_payloads`;
  const tasks = client.index<TaskRecord>(tasksUid);
  const payloads = client.index<PayloadRow>(payloadsUid);
  const wait = (doing: string, enqueue: Parameters<typeof settle>[2]) =>
    settle(client, doing, enqueue, options.taskTimeoutMs);

  const search = (filter: string, sort: string, limit: number, offset = 0) =>
    meili('reading tasks', () => tasks.search('', { filter, sort: [sort], limit, offset }));

  return {
    async ensure(): Promise<void> {
      // Never searched by text: no tokenising. Deep pagination, for pruning by rank.
      await ensureIndex(
        client,
        tasksUid,
        {
          searchableAttributes: [],
          filterableAttributes: ['status', 'seq'],
          sortableAttributes: ['seq'],
          pagination: { maxTotalHits: 1_000_000 },
        },
        wait,
      );
      await ensureIndex(
        client,
        payloadsUid,
        { searchableAttributes: [], filterableAttributes: ['taskId', 'n', 'storedAt'] },
        wait,
      );
    },
    /** Resolves once the task and all of its documents are on Meilisearch's disk: only then may a 202 go out. */
    async add(record: TaskRecord, documents: SourceDocument[]): Promise<void> {
      let rows: PayloadRow[] = [];
      let chars = 0;
      const storedAt = Date.now();
      const flush = async () => {
        const batch = rows;
        rows = [];
        chars = 0;
        if (batch.length)
          await wait('storing task documents', () => payloads.addDocuments(batch, { primaryKey: 'id' }));
      };
      for (const [n, document] of documents.entries()) {
        rows.push({ id: `${record.id}-${n}`, taskId: record.id, n, storedAt, document });
        chars += document.text.length;
        if (chars >= PAYLOAD_WRITE_CHARS) await flush();
      }
      await flush();
      // The record goes last: a task that exists always has its whole payload.
      await wait('storing a task', () => tasks.addDocuments([record], { primaryKey: 'id' }));
    },
    async get(id: string): Promise<TaskRecord | null> {
      // GET /tasks/{id} passes the URL's id: one Meilisearch cannot hold names no task (store/ids.ts).
      if (!isMeiliDocumentId(id)) return null;
      return meiliFind('reading a task', () => tasks.getDocument(id) as Promise<TaskRecord>);
    },
    async update(id: string, patch: Partial<TaskRecord>): Promise<void> {
      await wait('updating a task', () => tasks.updateDocuments([{ ...patch, id }], { primaryKey: 'id' }));
    },
    async updateMany(patches: (Partial<TaskRecord> & { id: string })[]): Promise<void> {
      if (patches.length) await wait('updating tasks', () => tasks.updateDocuments(patches, { primaryKey: 'id' }));
    },
    /** The oldest unfinished tasks, in queue order. */
    async nextTasks(limit: number): Promise<TaskRecord[]> {
      return (await search(UNFINISHED, 'seq:asc', limit)).hits as TaskRecord[];
    },
    async unfinishedCount(): Promise<number> {
      return (await search(UNFINISHED, 'seq:asc', 0)).estimatedTotalHits ?? 0;
    },
    /** The documents of several tasks, each from its own resume point, by task id and in order. */
    async payloads(from: { id: string; from: number; to: number }[]): Promise<Map<string, SourceDocument[]>> {
      const filter = from
        .map((t) => `(taskId = ${JSON.stringify(t.id)} AND n >= ${t.from} AND n < ${t.to})`)
        .join(' OR ');
      const limit = from.reduce((sum, t) => sum + t.to - t.from, 0);
      const out = new Map(from.map((t) => [t.id, [] as PayloadRow[]]));
      if (limit > 0) {
        const page = await meili('reading task documents', () => payloads.getDocuments({ filter, limit }));
        for (const row of page.results) out.get(row.taskId)?.push(row);
      }
      return new Map([...out].map(([id, rows]) => [id, rows.sort((a, b) => a.n - b.n).map((r) => r.document)]));
    },
    async dropPayloads(ids: string[]): Promise<void> {
      if (ids.length === 0) return;
      const filter = `taskId IN [${ids.map((id) => JSON.stringify(id)).join(', ')}]`;
      await wait('dropping task documents', () => payloads.deleteDocuments({ filter }));
    },
    /**
     * Payloads of finished tasks (a crash between finishing and dropping), and payloads without a task whose request
     * died before its 202: only those older than any request could still be writing, or a live POST loses its body.
     */
    async dropOrphanPayloads(): Promise<number> {
      const res = await meili('reading task documents', () => payloads.search('', { facets: ['taskId'], limit: 0 }));
      const ids = Object.keys(res.facetDistribution?.taskId ?? {});
      const cutoff = Date.now() - 2 * options.taskTimeoutMs;
      let dropped = 0;
      for (const id of ids) {
        const task = await this.get(id);
        if (task && (task.status === 'enqueued' || task.status === 'processing')) continue;
        if (!task) {
          const old = await meili('reading task documents', () =>
            payloads.getDocuments({ filter: `taskId = ${JSON.stringify(id)} AND storedAt < ${cutoff}`, limit: 1 }),
          );
          if (old.results.length === 0) continue;
        }
        await this.dropPayloads([id]);
        dropped++;
      }
      return dropped;
    },
    /** Keeps the newest `keep` finished tasks. */
    async prune(keep: number): Promise<void> {
      const res = await search('status IN [succeeded, failed]', 'seq:desc', 1, keep);
      const oldest = (res.hits[0] as TaskRecord | undefined)?.seq;
      if (oldest === undefined) return;
      await wait('pruning tasks', () =>
        tasks.deleteDocuments({ filter: `status IN [succeeded, failed] AND seq <= ${oldest}` }),
      );
    },
  };
}
