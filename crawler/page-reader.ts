import type { HtmlExtract } from '../indexer/formats/html-extract.ts';
import { createLazyWorker } from '../indexer/lazy-worker.ts';
import { readPage, type HtmlRequest, type PageContent } from './read-page.ts';

export interface PageReader {
  /** readPage, its HTML parsed on a worker thread (Markdown, text and PDF as before, here). */
  read: (body: Uint8Array, options: Parameters<typeof readPage>[1]) => Promise<PageContent | null>;
  /** Stops the worker; a crawl closes its reader when its run ends. */
  close(): Promise<void>;
}

/**
 * The crawler's page reader: HTML goes to a worker started on first use, so the event loop that answers searches
 * keeps running while a page is parsed (a hostile page of a few MB takes seconds). A page that fails to parse, or
 * kills the worker, fails alone; the next page starts another worker.
 */
export function createPageReader(options: { idleMs?: number } = {}): PageReader {
  const worker = createLazyWorker<HtmlRequest, HtmlExtract>({
    entry: new URL('./html-worker.ts', import.meta.url),
    name: 'page reading worker',
    idleMs: options.idleMs,
  });
  return {
    read: (body, readOptions) => readPage(body, readOptions, (request) => worker.request(request)),
    close: () => worker.close(),
  };
}
