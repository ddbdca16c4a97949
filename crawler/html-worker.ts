// Reads HTML pages on its own thread (see page-reader.ts): parsing a large page takes the event loop for seconds.
import { decodeText } from '../indexer/decode.ts';
import { extractHtml } from '../indexer/formats/html-extract.ts';
import { serveRequests } from '../indexer/lazy-worker-serve.ts';
import type { HtmlRequest } from './read-page.ts';

serveRequests(
  () =>
    ({ body, url, contentSelector, ignoreSelectors }: HtmlRequest) =>
      extractHtml(decodeText(body, url), { url, contentSelector, ignoreSelectors }),
);
