import { Worker } from 'node:worker_threads';
import { KensakuError, errorMessage } from '../errors/kensaku-error.ts';
import type { LocalEmbedderOptions } from './local.ts';
import { countingEmbedder } from './counting.ts';
import type { IndexYieldOptions } from './index-yield.ts';
import type { CountingEmbedder } from './types.ts';
import type { WorkerReply, WorkerRequest } from './worker-protocol.ts';

type Pending = { resolve: (v: Float32Array) => void; reject: (e: unknown) => void };

/** How long close() waits for the inferences already sent (one text each takes well under a second). */
const CLOSE_WAIT_MS = 10_000;

export interface WorkerEmbedderOptions extends LocalEmbedderOptions {
  /** Passages pause while queries arrive, on a session that serves both (index-yield.ts). Default: never. */
  indexYield?: Omit<IndexYieldOptions, 'now'>;
}

/** The local embedder on a worker thread: same interface, inference off the request thread. */
export async function createWorkerEmbedder(options: WorkerEmbedderOptions): Promise<CountingEmbedder> {
  // The boot file registers tsx inside the worker (works under tsx, plain node and vitest alike).
  const worker = new Worker(new URL('./embed-worker-boot.mjs', import.meta.url), {
    workerData: options,
    execArgv: [],
  });
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let dead: KensakuError | undefined;
  /** Set by close() while it waits for the requests already sent. */
  let onIdle: (() => void) | undefined;
  const unavailable = (why: string, cause?: Error) =>
    new KensakuError('embeddings_unavailable', `embedding worker: ${why}`, { cause });

  const ready = new Promise<Extract<WorkerReply, { type: 'ready' }>>((resolve, reject) => {
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'ready') resolve(reply);
      else if (reply.type === 'load-failed') reject(new KensakuError(reply.code, reply.message));
      else settle(reply.id, reply.type === 'result' ? reply.vectors : unavailable(reply.message));
    });
    const fail = (e: KensakuError) => {
      dead ??= e;
      reject(dead);
      for (const id of [...pending.keys()]) settle(id, dead);
    };
    worker.on('error', (e) => fail(unavailable(`crashed: ${errorMessage(e)}`, e)));
    worker.on('exit', (code) => fail(unavailable(`exited (code ${code})`)));
  });

  function settle(id: number, outcome: Float32Array | Error): void {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    if (pending.size === 0) {
      worker.unref(); // an idle worker must not keep the process alive
      onIdle?.();
    }
    if (outcome instanceof Error) p.reject(outcome);
    else p.resolve(outcome);
  }

  function request(kind: WorkerRequest['kind'], texts: string[]): Promise<Float32Array> {
    if (dead) return Promise.reject(dead);
    const id = nextId++;
    if (pending.size === 0) worker.ref();
    const result = new Promise<Float32Array>((resolve, reject) => pending.set(id, { resolve, reject }));
    worker.postMessage({ id, kind, texts } satisfies WorkerRequest);
    return result;
  }

  const info = await ready.catch(async (e) => {
    await worker.terminate();
    throw e;
  });
  worker.unref();
  const { modelId, dimensions, fingerprint, prefixes } = info;
  const rows = (flat: Float32Array) =>
    Array.from({ length: flat.length / dimensions }, (_, i) =>
      Array.from(flat.subarray(i * dimensions, (i + 1) * dimensions)),
    );
  // Terminating a worker while ONNX Runtime still runs an inference there aborts the whole process (its callback
  // throws into a torn-down thread: "terminate called after throwing an instance of 'Napi::Error'", seen on a
  // shutdown that timed out mid-task). So new requests are refused and those already sent are awaited, within a bound.
  const close = async () => {
    dead ??= unavailable('closed');
    if (pending.size > 0) await new Promise<void>((r) => ((onIdle = r), setTimeout(r, CLOSE_WAIT_MS).unref()));
    await worker.terminate();
  };
  return countingEmbedder({ modelId, dimensions, fingerprint, prefixes, close }, async (texts, kind) =>
    rows(await request(kind, texts)),
  );
}
