import type { ErrorCode } from '../errors/catalog.ts';
import type { Prefixes } from './types.ts';

/** Main thread → worker. */
export type WorkerRequest = { id: number; kind: 'passages' | 'query'; texts: string[] };

/** Worker → main thread. Vectors travel as one transferred Float32Array, `dimensions` wide. */
export type WorkerReply =
  | { type: 'ready'; modelId: string; dimensions: number; fingerprint: string; prefixes: Prefixes }
  | { type: 'load-failed'; code: ErrorCode; message: string }
  | { type: 'result'; id: number; vectors: Float32Array }
  | { type: 'error'; id: number; message: string };
