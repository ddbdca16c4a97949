// Worker entry. Plain JS because nothing can compile TypeScript yet: Node 20 ignores loader hooks
// given as Worker execArgv (`--import tsx`, nodejs/node#47747), so register tsx in this thread.
import { register } from 'tsx/esm/api';

register();
await import('./prepare-worker.ts');
