/** Query vectors for an eval set, cached in memory and on disk. */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { queryText } from '../../search/query-text.ts';
import { diskCacheKey, openDiskCache, type DiskCache } from '../../embeddings/disk-cache.ts';
import type { Embedder } from '../../embeddings/types.ts';
import type { EvalQuery } from './datasets.ts';
import type { EvalEnv } from './env.ts';

/**
 * Query vectors through the product's query embedder (`query: ` prefix, LRU), remembered for the run and on disk.
 * The disk copy is checked against a fresh embedding of a few queries, so a changed model or prefix never reuses it.
 */
export async function embedQueries(
  env: EvalEnv,
  queries: EvalQuery[],
  cacheDir: string | null,
  onProgress?: (done: number, total: number) => void,
): Promise<{ ms: number; embedded: number }> {
  const started = performance.now();
  const embedder = env.core.embedder!;
  const texts = [...new Set(queries.map((q) => queryText(q.query)))].filter((t) => !env.queryVectors.has(t));
  let disk: DiskCache | undefined;
  if (cacheDir) {
    disk = await openDiskCache({
      dir: path.join(cacheDir, 'query-cache'),
      fingerprint: embedder.fingerprint,
      dimensions: embedder.dimensions,
    });
    if (!(await diskCacheAgrees(disk, embedder, texts.slice(0, 3)))) {
      await disk.close();
      rmSync(disk.file, { force: true });
      disk = await openDiskCache({
        dir: path.join(cacheDir, 'query-cache'),
        fingerprint: embedder.fingerprint,
        dimensions: embedder.dimensions,
      });
    }
  }
  let embedded = 0;
  try {
    for (const [i, text] of texts.entries()) {
      const key = diskCacheKey('query', text);
      const hit = disk?.get(key);
      if (hit) env.queryVectors.set(text, Array.from(hit));
      else {
        const v = await embedder.embedQuery(text);
        env.queryVectors.set(text, v);
        await disk?.putMany([[key, v]]);
        embedded++;
      }
      if (onProgress && (i + 1) % 250 === 0) onProgress(i + 1, texts.length);
    }
  } finally {
    await disk?.close();
  }
  return { ms: performance.now() - started, embedded };
}

async function diskCacheAgrees(disk: DiskCache, embedder: Embedder, probe: string[]): Promise<boolean> {
  for (const text of probe) {
    const hit = disk.get(diskCacheKey('query', text));
    if (!hit) continue;
    const fresh = await embedder.embedQuery(text);
    let dot = 0;
    for (let i = 0; i < fresh.length; i++) dot += fresh[i] * hit[i];
    if (dot < 0.999) return false;
  }
  return true;
}
