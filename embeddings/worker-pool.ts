import { countingEmbedder } from './counting.ts';
import type { LocalEmbedderOptions } from './local.ts';
import type { CountingEmbedder } from './types.ts';
import { createWorkerEmbedder } from './worker-embedder.ts';

export interface WorkerPoolOptions extends LocalEmbedderOptions {
  /** Worker threads, each with its own ONNX session of `threads` threads. */
  workers: number;
}

interface Job {
  run: (worker: CountingEmbedder) => Promise<number[][]>;
  resolve: (rows: number[][]) => void;
  reject: (e: unknown) => void;
}

/**
 * The local embedder on several workers, each text on the next free one. Texts in parallel use the cores better
 * than one session's threads inside a text (bench: 2 × 1 thread 80–95 passages/s against 56–64 for 1 × 2).
 * One text per inference, so a vector does not depend on its neighbours or on which worker ran it.
 */
export async function createWorkerPool(options: WorkerPoolOptions): Promise<CountingEmbedder> {
  const { workers: size, ...local } = options;
  const loaded = await Promise.allSettled(Array.from({ length: size }, () => createWorkerEmbedder(local)));
  const workers = loaded.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = loaded.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(workers.map((w) => w.close()));
    throw failed.reason;
  }

  const queue: Job[] = [];
  const idle = [...workers];
  const pump = () => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.shift()!;
      const job = queue.shift()!;
      job
        .run(worker)
        .then(job.resolve, job.reject)
        .finally(() => {
          idle.push(worker);
          pump();
        });
    }
  };
  const submit = (run: Job['run']) =>
    new Promise<number[][]>((resolve, reject) => {
      queue.push({ run, resolve, reject });
      pump();
    });

  const { modelId, dimensions, fingerprint, prefixes } = workers[0];
  const close = async () => {
    await Promise.all(workers.map((w) => w.close()));
  };
  return {
    ...countingEmbedder({ modelId, dimensions, fingerprint, prefixes, close }, async (texts, kind) => {
      if (kind === 'query') return submit(async (w) => [await w.embedQuery(texts[0])]);
      const rows = await Promise.all(texts.map((t) => submit((w) => w.embedPassages([t]))));
      return rows.map(([row]) => row);
    }),
    parallelism: size,
  };
}
