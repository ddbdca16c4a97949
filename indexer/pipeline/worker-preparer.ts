import type { SourceDocument } from '../../domain/documents.ts';
import type { KeywordFormOptions } from '../keyword-form.ts';
import { createLazyWorker } from '../lazy-worker.ts';
import type { DocumentPreparer, PreparedDocument, PrepareRequest } from './prepare.ts';
import type { PrepareMessage } from './prepare-protocol.ts';

export interface WorkerPreparerOptions {
  keywordForm: KeywordFormOptions;
  /** The worker (and its analyser, ~150 MB) is let go after this long without documents; started again on use. */
  idleMs?: number;
}

/**
 * Documents prepared on a worker thread, one after another in the order sent: the pipeline keeps several in flight,
 * so the next document's readings are made while the model embeds the one before. Started on first use.
 */
export function createWorkerPreparer(options: WorkerPreparerOptions): DocumentPreparer {
  const worker = createLazyWorker<PrepareMessage, PreparedDocument>({
    entry: new URL('./prepare-worker.ts', import.meta.url),
    data: options.keywordForm,
    name: 'document preparation worker',
    idleMs: options.idleMs,
    failed: (message) => `preparing a document failed: ${message}`,
  });
  return {
    prepare: (doc: SourceDocument, request: PrepareRequest) => worker.request({ doc, request }),
    close: () => worker.close(),
  };
}
