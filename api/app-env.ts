import type { Caller } from './caller.ts';

/** Per-request values routes share with middleware: the metrics label the search mode; auth leaves the caller. */
export type AppEnv = { Variables: { searchMode: string; caller: Caller; clientAddress: string } };
