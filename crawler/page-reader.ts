import { KensakuError } from '../errors/kensaku-error.ts';
import { createLazyWorker } from '../indexer/lazy-worker.ts';
import type { PageContent, PageRequest } from './read-page.ts';

export interface PageReaderOptions {
  /** A page not read within this long fails, and the worker reading it is stopped. */
  timeoutMs: number;
  idleMs?: number;
}

export interface PageReader {
  /** readPage (read-page.ts), on the worker thread. */
  read: (body: Uint8Array, options: PageRequest['options']) => Promise<PageContent | null>;
  /** Stops the worker; a crawl closes its reader when its run ends. */
  close(): Promise<void>;
}

/**
 * The crawler's page reader: pages are parsed on a worker started on first use, so the event loop that answers
 * searches keeps running while a page is read (a hostile HTML page of a few MB takes seconds, a PDF of 300 kB that
 * inflates to 100 MB twenty). One page at a time, as the worker's one thread reads them anyway: a page over the time
 * limit is the only one its stopped worker fails. A page that fails to parse, or kills the worker, fails alone.
 */
export function createPageReader(options: PageReaderOptions): PageReader {
  const worker = createLazyWorker<PageRequest, PageContent | null>({
    entry: new URL('./page-worker.ts', import.meta.url),
    name: 'page reading worker',
    idleMs: options.idleMs,
  });
  const seconds = options.timeoutMs / 1000;
  let tail: Promise<unknown> = Promise.resolve();

  async function readOne(request: PageRequest): Promise<PageContent | null> {
    const answer = worker.request(request);
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        reject(new KensakuError('invalid_document', `not read within ${seconds} s`));
      }, options.timeoutMs);
    });
    try {
      return await Promise.race([answer, late]);
    } catch (e) {
      if (timedOut) {
        answer.catch(() => undefined);
        await worker.reset(`stopped: a page was not read within ${seconds} s`);
      }
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    read(body, readOptions) {
      const run = tail.then(() => readOne({ body, options: readOptions }));
      tail = run.catch(() => undefined);
      return run;
    },
    close: () => worker.close(),
  };
}
