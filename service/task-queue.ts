import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { errorMessage, isKensakuError, KensakuError } from '../errors/kensaku-error.ts';
import type { SourceDocument } from '../domain/documents.ts';
import type { Lease } from '../store/lease.ts';
import type { TaskRecord, TaskType } from '../domain/tasks.ts';
import type { TaskStore } from '../store/task-store.ts';

export type TaskResult = Pick<TaskRecord, 'counts' | 'errors' | 'progress'>;

/** What a handler may say while it runs: a checkpoint is durable and is where a resumed run starts. */
export interface TaskContext {
  checkpoint(taskId: string, patch: TaskResult): Promise<void>;
  /** Progress between checkpoints, shown by this process only. */
  progress(taskId: string, documentsDone: number): void;
  /** Aborted on shutdown: stop at the next checkpoint, leaving the rest for the next run. */
  signal: AbortSignal;
}

/**
 * Runs a group of consecutive tasks of one type, each from its last checkpoint, as one job (one set of Meilisearch
 * writes for all: per-task writes made a burst of small POSTs queue up faster than they ran); returns each task's
 * final counts and errors by id.
 */
export type TaskHandler = (tasks: TaskRecord[], ctx: TaskContext) => Promise<Map<string, TaskResult>>;

export interface EnqueueInput {
  type: TaskType;
  documents?: SourceDocument[];
  documentId?: string;
  sourceId?: string;
  /** A reshard's active shards (TaskRecord.shards). */
  shards?: string[];
  /** The archive a backup task writes (TaskRecord.file). */
  file?: string;
  /** A rebuild that re-embeds too (TaskRecord.embeddings). */
  embeddings?: boolean;
  /** Entries refused before the task (unparseable), reported with it. */
  errors?: TaskRecord['errors'];
  /** Documents the request held, good and bad (default: documents + errors). */
  documentCount?: number;
}

export interface TaskQueueOptions {
  store: TaskStore;
  lease: Lease;
  handlers: Record<TaskType, TaskHandler>;
  logger: Logger;
  /** How often an idle process looks for work (another process may have enqueued it). */
  pollMs?: number;
  /** Heartbeat interval while tasks run or wait: a few of them fit in the lease's silence limit. */
  heartbeatMs?: number;
  /** Finished tasks kept for GET /tasks/{id}. */
  keep?: number;
  /** A group holds at most this many tasks, and index tasks with at most this many documents left between them. */
  maxGroupTasks?: number;
  maxGroupDocuments?: number;
  /** Awaited before the first task runs (the model's state must be known before chunks are written). */
  ready?: Promise<unknown>;
  onFinished?: (task: TaskRecord) => void;
}

export type TaskQueue = ReturnType<typeof createTaskQueue>;

/**
 * Codes that leave a task where its last checkpoint left it, for a later run: the store or the lease went away, the
 * store's disk is full or read-only, or shutdown.
 */
export const LEFT_FOR_LATER: ReadonlySet<string> = new Set([
  'meilisearch_unavailable',
  'disk_full',
  'disk_read_only',
  'lease_lost',
  'shutting_down',
]);
const leaseLost = () => new KensakuError('lease_lost', 'another process took over the task queue');

/**
 * The durable task queue. Enqueue answers once the task is on Meilisearch's disk. One process at a time (the lease
 * holder) runs tasks, in enqueue order, so a task runs once however many API processes share the store; every
 * process answers for any task. A crash leaves the running task at its last checkpoint, and the next holder resumes
 * it: the indexing pipeline is idempotent, so redone documents end up present once.
 */
export function createTaskQueue(options: TaskQueueOptions) {
  const { store, lease, logger } = options;
  const pollMs = options.pollMs ?? 500;
  const heartbeatMs = options.heartbeatMs ?? 3000;
  const keep = options.keep ?? 1000;
  const maxGroupTasks = options.maxGroupTasks ?? 64;
  const maxGroupDocuments = options.maxGroupDocuments ?? 256;
  let lastBeat = 0;
  const live = new Map<string, number>();
  let lastSeq = 0;
  let wake: (() => void) | null = null;
  let running: Promise<void> | null = null;
  let stopping = new AbortController();
  let finishedSincePrune = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  function nextSeq(): number {
    lastSeq = Math.max(lastSeq + 1, Date.now() * 1000);
    return lastSeq;
  }

  const beat = async () => {
    lastBeat = Date.now();
    if (!(await lease.heartbeat())) throw leaseLost();
  };

  /** The head of the queue that runs as one job: consecutive tasks of its type, within the group limits. */
  function takeGroup(head: TaskRecord[]): TaskRecord[] {
    const group = [head[0]];
    const left = (t: TaskRecord) => (t.type === 'index' ? t.progress.documentsTotal - t.progress.documentsDone : 1);
    let documents = left(head[0]);
    for (const t of head.slice(1)) {
      if (t.type !== head[0].type || group.length >= maxGroupTasks || documents + left(t) > maxGroupDocuments) break;
      group.push(t);
      documents += left(t);
    }
    return group;
  }

  async function runGroup(group: TaskRecord[]): Promise<void> {
    const signal = stopping.signal;
    const now = new Date().toISOString();
    const started = group.map((t) => ({
      ...t,
      status: 'processing' as const,
      startedAt: t.startedAt ?? now,
      attempts: t.attempts + 1,
    }));
    // Heartbeats go out while tasks wait, or the other processes would count this holder silent and take over.
    if (Date.now() - lastBeat >= heartbeatMs) await beat();
    await store.updateMany(started.map(({ id, status, startedAt, attempts }) => ({ id, status, startedAt, attempts })));
    const timer = setInterval(() => void beat().catch(() => undefined), heartbeatMs);
    const ctx: TaskContext = {
      signal,
      progress: (id, done) => live.set(id, done),
      async checkpoint(id, patch) {
        await beat();
        await store.update(id, patch);
        live.delete(id);
        if (signal.aborted) throw new KensakuError('shutting_down', 'stopped at a checkpoint for shutdown');
      },
    };
    let finished: TaskRecord[];
    try {
      const results = await options.handlers[group[0].type](started, ctx);
      if (!(await lease.stillHeld())) throw leaseLost();
      const at = new Date().toISOString();
      finished = started.map((t) => {
        const r = results.get(t.id) ?? {
          counts: t.counts,
          errors: [...t.errors, { documentId: '*', message: 'the task was not run' }],
          progress: t.progress,
        };
        const nothingWorked = r.counts.failed > 0 && r.counts.failed === r.counts.documents;
        return { ...t, ...r, status: nothingWorked ? ('failed' as const) : ('succeeded' as const), finishedAt: at };
      });
    } catch (e) {
      if (isKensakuError(e) && LEFT_FOR_LATER.has(e.code)) throw e;
      const at = new Date().toISOString();
      finished = started.map((t) => ({
        ...t,
        status: 'failed' as const,
        finishedAt: at,
        errors: [...t.errors, { documentId: '*', message: errorMessage(e) }],
      }));
    } finally {
      clearInterval(timer);
      for (const t of group) live.delete(t.id);
    }
    await store.updateMany(
      finished.map(({ id, counts, errors, progress, status, finishedAt }) => ({
        id,
        counts,
        errors,
        progress,
        status,
        finishedAt,
      })),
    );
    for (const t of finished) options.onFinished?.(t);
    await store.dropPayloads(group.map((t) => t.id));
    finishedSincePrune += group.length;
    if (finishedSincePrune >= 100) {
      finishedSincePrune = 0;
      await store.prune(keep);
    }
  }

  async function loop(): Promise<void> {
    let backoff = pollMs;
    let readied = false;
    while (!stopping.signal.aborted) {
      try {
        const holding = lease.held();
        const head = await store.nextTasks(maxGroupTasks);
        if (head.length === 0 || !(await lease.tryAcquire())) {
          await sleep(pollMs);
          continue;
        }
        if (!readied) {
          await options.ready;
          readied = true;
          await store.dropOrphanPayloads();
        }
        if (stopping.signal.aborted) break;
        // Just taken over: read again under the lease, as the previous holder may have finished some meanwhile.
        const todo = holding ? head : await store.nextTasks(maxGroupTasks);
        if (todo.length > 0) await runGroup(takeGroup(todo));
        backoff = pollMs;
      } catch (e) {
        if (isKensakuError(e) && e.code === 'shutting_down') break;
        logger.warn({ err: errorMessage(e) }, 'task queue: will retry');
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  }

  return {
    /** Resolves once the task is durable: the 202 may go out. */
    async enqueue(input: EnqueueInput): Promise<TaskRecord> {
      const documents = input.documents ?? [];
      const errors = input.errors ?? [];
      const total = input.documentCount ?? documents.length + errors.length;
      const record: TaskRecord = {
        id: randomUUID(),
        seq: nextSeq(),
        type: input.type,
        status: 'enqueued',
        enqueuedAt: new Date().toISOString(),
        counts: { documents: total, added: 0, updated: 0, unchanged: 0, deleted: 0, failed: errors.length, chunks: 0 },
        errors: [...errors],
        progress: { documentsDone: 0, documentsTotal: input.type === 'delete' ? 1 : documents.length },
        ...(input.documentId !== undefined ? { documentId: input.documentId } : {}),
        ...(input.sourceId !== undefined ? { sourceId: input.sourceId } : {}),
        ...(input.shards ? { shards: input.shards } : {}),
        ...(input.file !== undefined ? { file: input.file } : {}),
        ...(input.embeddings !== undefined ? { embeddings: input.embeddings } : {}),
        attempts: 0,
      };
      await store.add(record, documents);
      wake?.();
      return record;
    },
    /** The stored task, with this process's live progress when it is the one running it. */
    async get(id: string): Promise<TaskRecord | null> {
      const task = await store.get(id);
      const done = live.get(id);
      if (task && done !== undefined && task.status === 'processing')
        task.progress = { ...task.progress, documentsDone: Math.max(done, task.progress.documentsDone) };
      return task;
    },
    /** Starts looking for work; idempotent. */
    start(): void {
      if (running) return;
      stopping = new AbortController();
      running = loop();
    },
    /** Stops after the running task's next checkpoint (or at once when idle) and hands the lease on. */
    async stop(): Promise<void> {
      stopping.abort();
      wake?.();
      await running;
      running = null;
      await lease.release().catch(() => undefined);
    },
    /** Resolves when no task is left unfinished (tests and commands wait on it). */
    async idle(): Promise<void> {
      while ((await store.unfinishedCount()) > 0) await new Promise((r) => setTimeout(r, 50));
    },
  };
}
