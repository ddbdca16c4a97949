// Reads pages on its own thread (see page-reader.ts): a large HTML page or a PDF takes the event loop for seconds.
import { serveRequests } from '../indexer/lazy-worker-serve.ts';
import { readPage } from './read-page.ts';

serveRequests(() => readPage);
