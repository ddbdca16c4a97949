// The worker's side of lazy-worker.ts: requests in, results or errors out, matched by id.
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage, isKensakuError } from '../errors/kensaku-error.ts';

export type LazyWorkerReply = { id: number; result: unknown } | { id: number; code?: string; message: string };

/** Answers the main thread's requests with `setup(data)`'s handler; a thrown error fails only its request. */
export function serveRequests<Data, Request, Result>(setup: (data: Data) => (request: Request) => Result): void {
  const port = parentPort!;
  const handle = setup((workerData as { data: Data }).data);
  port.on('message', ({ id, request }: { id: number; request: Request }) => {
    let reply: LazyWorkerReply;
    try {
      reply = { id, result: handle(request) };
    } catch (e) {
      reply = { id, code: isKensakuError(e) ? e.code : undefined, message: errorMessage(e) };
    }
    port.postMessage(reply);
  });
}
