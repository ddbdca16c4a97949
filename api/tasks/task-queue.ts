import { randomUUID } from 'node:crypto';
import type { SourceDocument } from '../../indexer/types.ts';
import type { IndexSummary } from '../../indexer/pipeline/types.ts';

export type TaskStatus = 'enqueued' | 'processing' | 'succeeded' | 'failed';

export interface TaskView {
  id: string;
  type: 'index' | 'delete';
  status: TaskStatus;
  enqueuedAt: string;
  finishedAt?: string;
  counts: { documents: number; added: number; updated: number; unchanged: number; deleted: number; failed: number; chunks: number };
  /** One entry per document that failed, the others of the batch are indexed. */
  errors: { documentId: string; message: string }[];
  progress: { documentsDone: number; documentsTotal: number };
}

export type TaskWork = (onProgress: (done: number) => void) => Promise<IndexSummary>;

export interface TaskQueueOptions {
  /** Finished tasks kept for GET /tasks/:id. */
  keep?: number;
}

/** Runs indexing jobs one at a time, in order, off the request path; keeps their status for polling. */
export function createTaskQueue(options: TaskQueueOptions = {}) {
  const tasks = new Map<string, TaskView>();
  let chain: Promise<void> = Promise.resolve();

  const enqueue = (type: TaskView['type'], documents: number, work: TaskWork, preErrors: TaskView['errors'] = []): TaskView => {
    const task: TaskView = {
      id: randomUUID(),
      type,
      status: 'enqueued',
      enqueuedAt: new Date().toISOString(),
      counts: { documents, added: 0, updated: 0, unchanged: 0, deleted: 0, failed: preErrors.length, chunks: 0 },
      errors: [...preErrors],
      progress: { documentsDone: 0, documentsTotal: documents },
    };
    tasks.set(task.id, task);
    prune(tasks, options.keep ?? 1000);
    chain = chain.then(() => run(task, work));
    return task;
  };

  return {
    enqueue,
    get: (id: string) => tasks.get(id),
    /** Resolves when every task enqueued so far has finished. */
    idle: () => chain,
  };
}

async function run(task: TaskView, work: TaskWork): Promise<void> {
  task.status = 'processing';
  try {
    const s = await work((done) => (task.progress.documentsDone = done));
    Object.assign(task.counts, { added: s.added, updated: s.updated, unchanged: s.unchanged, deleted: s.deleted, chunks: s.chunksWritten });
    task.counts.failed += s.failed.length;
    task.errors.push(...s.failed);
    const nothingWorked = task.counts.failed > 0 && task.counts.failed === task.counts.documents;
    task.status = nothingWorked ? 'failed' : 'succeeded';
  } catch (e) {
    task.status = 'failed';
    task.errors.push({ documentId: '*', message: (e as Error).message });
  }
  task.finishedAt = new Date().toISOString();
}

function prune(tasks: Map<string, TaskView>, keep: number): void {
  for (const [id, t] of tasks) {
    if (tasks.size <= keep) return;
    if (t.status === 'succeeded' || t.status === 'failed') tasks.delete(id);
  }
}

export type TaskQueue = ReturnType<typeof createTaskQueue>;
