import { Worker } from 'node:worker_threads';
import type { ErrorCode } from '../errors/catalog.ts';
import { KensakuError, errorMessage } from '../errors/kensaku-error.ts';
import type { LazyWorkerReply } from './lazy-worker-serve.ts';

export interface LazyWorkerOptions {
  /** The module the worker runs (TypeScript; it calls `serveRequests`). */
  entry: URL;
  /** Given to the module's setup; structured clone. */
  data?: unknown;
  /** Names the worker in its errors ("document preparation worker"). */
  name: string;
  /** The worker is let go after this long without requests; started again on use. */
  idleMs?: number;
  /** What a request the worker answered with an error rejects with: its message as said to the caller. */
  failed?: (message: string) => string;
}

export interface LazyWorker<Request, Result> {
  /** Answered in the order sent; rejects with a KensakuError (the worker's own, or `internal` when it died). */
  request(request: Request): Promise<Result>;
  /** Stops the current worker (what it holds rejects); the next request starts another. */
  reset(why: string): Promise<void>;
  /** Stops the worker: what is pending rejects, and later requests too. */
  close(): Promise<void>;
}

type Pending = { resolve: (r: never) => void; reject: (e: unknown) => void };

/**
 * A worker thread started on first use, its requests matched by id. Idle, it keeps nothing alive (`unref`) and goes
 * after idleMs. A worker that crashes or exits fails only the requests it held; the next request starts another.
 */
export function createLazyWorker<Request, Result>(options: LazyWorkerOptions): LazyWorker<Request, Result> {
  const idleMs = options.idleMs ?? 10_000;
  const failed = options.failed ?? ((message: string) => message);
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let worker: Worker | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let closed = false;

  const fail = (w: Worker, why: string) => {
    if (worker !== w) return;
    worker = null;
    const e = new KensakuError('internal', `${options.name} ${why}`);
    for (const [id, p] of pending) {
      pending.delete(id);
      p.reject(e);
    }
  };

  const start = (): Worker => {
    // The boot file registers tsx inside the worker (works under tsx, plain node and vitest alike).
    const w = new Worker(new URL('./lazy-worker-boot.mjs', import.meta.url), {
      workerData: { entry: options.entry.href, data: options.data },
      execArgv: [],
    });
    w.on('message', (reply: LazyWorkerReply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (pending.size === 0) idle(w);
      if ('result' in reply) p.resolve(reply.result as never);
      else p.reject(new KensakuError((reply.code ?? 'internal') as ErrorCode, failed(reply.message)));
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
    request(request: Request): Promise<Result> {
      if (closed) return Promise.reject(new KensakuError('internal', `${options.name}: closed`));
      if (idleTimer) clearTimeout(idleTimer);
      idleTimer = null;
      worker ??= start();
      if (pending.size === 0) worker.ref();
      const id = nextId++;
      const done = new Promise<Result>((resolve, reject) => pending.set(id, { resolve, reject } as Pending));
      worker.postMessage({ id, request });
      return done;
    },
    async reset(why: string) {
      const w = worker;
      if (!w) return;
      fail(w, why);
      await w.terminate();
    },
    async close() {
      closed = true;
      if (idleTimer) clearTimeout(idleTimer);
      // Its exit rejects whatever is still pending.
      await worker?.terminate();
    },
  };
}
