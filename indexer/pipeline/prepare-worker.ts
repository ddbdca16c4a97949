// Prepares documents on its own thread (see worker-preparer.ts): chunks, hash, keyword fields with readings.
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../../errors/kensaku-error.ts';
import { createKeywordForm, type KeywordFormOptions } from '../keyword-form.ts';
import { prepareDocument } from './prepare.ts';
import type { PrepareReply, PrepareMessage } from './prepare-protocol.ts';

const port = parentPort!;
const form = createKeywordForm(workerData as KeywordFormOptions);
port.on('message', ({ id, doc, request }: PrepareMessage) => {
  try {
    port.postMessage({
      type: 'result',
      id,
      prepared: prepareDocument(doc, form, request, true),
    } satisfies PrepareReply);
  } catch (e) {
    port.postMessage({ type: 'error', id, message: errorMessage(e) } satisfies PrepareReply);
  }
});
