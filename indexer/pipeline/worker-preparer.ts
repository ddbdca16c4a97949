import { Worker } from 'node:worker_threads';
import type { SourceDocument } from '../../domain/documents.ts';
import { KensakuError, errorMessage } from '../../errors/kensaku-error.ts';
import type { KeywordFormOptions } from '../keyword-form.ts';
import type { DocumentPreparer, PreparedDocument, PrepareRequest } from './prepare.ts';
import type { PrepareMessage, PrepareReply } from './prepare-protocol.ts';

export interface WorkerPreparerOptions {
  keywordForm: KeywordFormOptions;
  /** The worker (and its analyser, ~150 MB) is let go after this long without documents; started again on use. */
  idleMs?: number;
}

type Pending = { resolve: (p: PreparedDocument) => void; reject: (e: unknown) => void };

/**
 * Documents prepared on a worker thread, one after another in the order sent: the pipeline keeps several in flight,
 * so the next document's readings are made while the model embeds the one before. Started on first use.
 */
export function createWorkerPreparer(options: WorkerPreparerOptions): DocumentPreparer {
  const idleMs = options.idleMs ?? 10_000;
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let worker: Worker | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let closed = false;

  const fail = (w: Worker, why: string) => {
    if (worker !== w) return;
    worker = null;
    const e = new KensakuError('internal', `document preparation worker ${why}`);
    for (const [id, p] of pending) {
      pending.delete(id);
      p.reject(e);
    }
  };

  const start = (): Worker => {
    const w = new Worker(new URL('./prepare-worker-boot.mjs', import.meta.url), {
      workerData: options.keywordForm,
      execArgv: [],
    });
    w.on('message', (reply: PrepareReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (pending.size === 0) idle(w);
      if (reply.type === 'result') p.resolve(reply.prepared);
      else p.reject(new KensakuError('internal', `preparing a document failed: ${reply.message}`));
    });
    w.on('error', (e) => fail(w, `crashed: ${errorMessage(e)}`));
    w.on('exit', (code) => fail(w, `exited (code ${code})`));
    return w;
  };

  // Idle: nothing keeps the process alive for it, and it goes after idleMs.
  const idle = (w: Worker) => {
    w.unref();
    idleTimer = setTimeout(() => {
      if (worker === w && pending.size === 0) {
        worker = null;
        void w.terminate();
      }
    }, idleMs);
    idleTimer.unref();
  };

  return {
    prepare(doc: SourceDocument, request: PrepareRequest): Promise<PreparedDocument> {
      if (closed) return Promise.reject(new KensakuError('internal', 'document preparation worker: closed'));
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = null;
      worker ??= start();
      if (pending.size === 0) worker.ref();
      const id = nextId++;
      const done = new Promise<PreparedDocument>((resolve, reject) => pending.set(id, { resolve, reject }));
      worker.postMessage({ id, doc, request } satisfies PrepareMessage);
      return done;
    },
    async close() {
      closed = true;
      if (idleTimer) clearTimeout(idleTimer);
      // Its exit rejects whatever is still pending.
      await worker?.terminate();
    },
  };
}
