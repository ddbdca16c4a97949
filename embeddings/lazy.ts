import type { Embedder } from './types.ts';

export interface LazyEmbedderOptions {
  /** Loads the real embedder; called on first use and again after an idle close. */
  load: () => Promise<Embedder>;
  /** The loaded embedder's identity, known beforehand (the query embedder runs the same model). */
  identity: Pick<Embedder, 'modelId' | 'dimensions' | 'fingerprint' | 'parallelism'>;
  /** Closed after this long unused, giving its memory back; 0 keeps it once loaded. */
  idleMs: number;
}

/**
 * An embedder that holds its model only while there is work: the server's indexing model costs about as much
 * memory as the query model, and most of the time nothing is being indexed.
 */
export function createLazyEmbedder(options: LazyEmbedderOptions): Embedder {
  let loading: Promise<Embedder> | null = null;
  let users = 0;
  let timer: NodeJS.Timeout | null = null;

  const release = () => {
    if (--users > 0 || options.idleMs === 0) return;
    timer = setTimeout(() => {
      const current = loading;
      loading = null;
      void current?.then(
        (e) => e.close(),
        () => undefined,
      );
    }, options.idleMs);
    timer.unref();
  };
  const use = async <T>(fn: (e: Embedder) => Promise<T>): Promise<T> => {
    if (timer) clearTimeout(timer);
    timer = null;
    users++;
    try {
      loading ??= options.load().catch((e) => {
        loading = null;
        throw e;
      });
      return await fn(await loading);
    } finally {
      release();
    }
  };

  return {
    ...options.identity,
    embedPassages: (texts) => use((e) => e.embedPassages(texts)),
    embedQuery: (text) => use((e) => e.embedQuery(text)),
    async close() {
      if (timer) clearTimeout(timer);
      const current = loading;
      loading = null;
      await current?.then(
        (e) => e.close(),
        () => undefined,
      );
    },
  };
}
