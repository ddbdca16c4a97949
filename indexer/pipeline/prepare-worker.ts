// Prepares documents on its own thread (see worker-preparer.ts): chunks, hash, keyword fields with readings.
import { createKeywordForm, type KeywordFormOptions } from '../keyword-form.ts';
import { serveRequests } from '../lazy-worker-serve.ts';
import { prepareDocument } from './prepare.ts';
import type { PrepareMessage } from './prepare-protocol.ts';

serveRequests((options: KeywordFormOptions) => {
  const form = createKeywordForm(options);
  return ({ doc, request }: PrepareMessage) => prepareDocument(doc, form, request, true);
});
