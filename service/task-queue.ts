import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { errorMessage, isKensakuError, KensakuError } from '../errors/kensaku-error.ts';
import type { SourceDocument } from '../domain/documents.ts';
import type { Lease } from '../store/lease.ts';
import type { TaskRecord, TaskType } from '../domain/tasks.ts';
import type { TaskStore } from '../store/task-store.ts';

/** What a handler may say while it runs: a checkpoint is durable and is where a resumed run starts. */
export interface TaskContext {
  checkpoint(patch: Pick<TaskRecord, 'counts' | 'errors' | 'progress'>): Promise<void>;
  /** Progress between checkpoints, shown by this process only. */
  progress(documentsDone: number): void;
  /** Aborted on shutdown: stop at the next checkpoint, leaving the rest for the next run. */
  signal: AbortSignal;
}

/** Runs one task from its last checkpoint to the end; returns the final counts and errors. */
export type TaskHandler = (task: TaskRecord, ctx: TaskContext) => Promise<Pick<TaskRecord, 'counts' | 'errors' | 'progress'>>;

export interface EnqueueInput {
  type: TaskType;
  documents?: SourceDocument[];
  documentId?: string;
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
  /** Heartbeat interval while running; a third of the lease's silence limit. */
  heartbeatMs?: number;
  /** Finished tasks kept for GET /tasks/{id}. */
  keep?: number;
  /** Awaited before the first task runs (the model's state must be known before chunks are written). */
  ready?: Promise<unknown>;
  onFinished?: (task: TaskRecord) => void;
}

export type TaskQueue = ReturnType<typeof createTaskQueue>;

/** Codes that mean "try again when the store answers": the task stays where its last checkpoint left it. */
const RETRYABLE = new Set(['meilisearch_unavailable', 'lease_lost']);

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

  async function runOne(task: TaskRecord): Promise<void> {
    const signal = stopping.signal;
    const started = { status: 'processing' as const, startedAt: task.startedAt ?? new Date().toISOString(), attempts: task.attempts + 1 };
    await store.update(task.id, started);
    const beat = setInterval(() => void lease.heartbeat().catch(() => undefined), heartbeatMs);
    const mustHold = async () => {
      if (!(await lease.heartbeat())) throw new KensakuError('lease_lost', 'another process took over the task queue');
    };
    const ctx: TaskContext = {
      signal,
      progress: (done) => live.set(task.id, done),
      async checkpoint(patch) {
        await mustHold();
        await store.update(task.id, patch);
        live.delete(task.id);
        if (signal.aborted) throw new KensakuError('shutting_down', 'stopped at a checkpoint for shutdown');
      },
    };
    try {
      const result = await options.handlers[task.type]({ ...task, ...started }, ctx);
      await mustHold();
      const nothingWorked = result.counts.failed > 0 && result.counts.failed === result.counts.documents;
      const finished = { ...result, status: nothingWorked ? ('failed' as const) : ('succeeded' as const), finishedAt: new Date().toISOString() };
      await store.update(task.id, finished);
      options.onFinished?.({ ...task, ...started, ...finished });
    } catch (e) {
      if (isKensakuError(e) && (RETRYABLE.has(e.code) || e.code === 'shutting_down')) throw e;
      const failed = { status: 'failed' as const, finishedAt: new Date().toISOString(), errors: [...task.errors, { documentId: '*', message: errorMessage(e) }] };
      await store.update(task.id, failed);
      options.onFinished?.({ ...task, ...started, ...failed });
    } finally {
      clearInterval(beat);
      live.delete(task.id);
    }
    await store.dropPayload(task.id);
    if (++finishedSincePrune >= 100) {
      finishedSincePrune = 0;
      await store.prune(keep);
    }
  }

  async function loop(): Promise<void> {
    let backoff = pollMs;
    let readied = false;
    while (!stopping.signal.aborted) {
      try {
        const next = await store.next();
        if (!next || !(await lease.tryAcquire())) {
          await sleep(pollMs);
          continue;
        }
        if (!readied) {
          await options.ready;
          readied = true;
          await store.dropOrphanPayloads();
        }
        if (stopping.signal.aborted) break;
        // Read again under the lease: the previous holder may have finished it meanwhile.
        const task = await store.get(next.id);
        if (task && (task.status === 'enqueued' || task.status === 'processing')) await runOne(task);
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
      if (task && done !== undefined && task.status === 'processing') task.progress = { ...task.progress, documentsDone: Math.max(done, task.progress.documentsDone) };
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
