import type { SourceDocument } from '../../domain/documents.ts';
import type { PrepareRequest } from './prepare.ts';

/** Main thread → preparing worker; the reply is the PreparedDocument. */
export type PrepareMessage = { doc: SourceDocument; request: PrepareRequest };
