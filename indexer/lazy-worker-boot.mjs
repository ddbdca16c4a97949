// Worker entry of lazy-worker.ts. Plain JS because nothing can compile TypeScript yet: Node 20 ignores loader hooks
// given as Worker execArgv (`--import tsx`, nodejs/node#47747), so register tsx in this thread, then run the module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
