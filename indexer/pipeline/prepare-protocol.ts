import type { SourceDocument } from '../../domain/documents.ts';
import type { PreparedDocument, PrepareRequest } from './prepare.ts';

/** Main thread → preparing worker. */
export type PrepareMessage = { id: number; doc: SourceDocument; request: PrepareRequest };

/** Preparing worker → main thread. */
export type PrepareReply =
  | { type: 'result'; id: number; prepared: PreparedDocument }
  | { type: 'error'; id: number; message: string };
