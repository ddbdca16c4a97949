// The worker's side of lazy-worker.ts: requests in, results or errors out, matched by id.
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage, isKensakuError } from '../errors/kensaku-error.ts';

export type LazyWorkerReply = { id: number; result: unknown } | { id: number; code?: string; message: string };

/**
 * Answers the main thread's requests with `setup(data)`'s handler, which may be async; a thrown or rejected error
 * fails only its request.
 */
export function serveRequests<Data, Request, Result>(
  setup: (data: Data) => (request: Request) => Result | Promise<Result>,
): void {
  const port = parentPort!;
  const handle = setup((workerData as { data: Data }).data);
  port.on('message', ({ id, request }: { id: number; request: Request }) => {
    const reply = (r: LazyWorkerReply) => port.postMessage(r);
    let result: Result | Promise<Result>;
    try {
      result = handle(request);
    } catch (e) {
      return reply(failure(id, e));
    }
    // A synchronous result is answered at once, so a synchronous handler's replies keep the requests' order.
    if (!(result instanceof Promise)) return reply({ id, result });
    result.then(
      (r) => reply({ id, result: r }),
      (e: unknown) => reply(failure(id, e)),
    );
  });
}

const failure = (id: number, e: unknown): LazyWorkerReply => ({
  id,
  code: isKensakuError(e) ? e.code : undefined,
  message: errorMessage(e),
});
