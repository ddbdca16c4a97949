// End to end: openCore on a fresh DATA_DIR (own Meilisearch, fresh index, cold disk cache) + indexDocuments, and the
// same pipeline with a no-op store (what indexing costs without Meilisearch).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { IndexSummary } from '../../../../indexer/pipeline/types.ts';
import { createLogger } from '../../../../service/logger.ts';
import { loadEmbedder } from '../../../../service/embedder-setup.ts';
import { openCore, type Core } from '../../../../service/open-core.ts';
import { resolveSettings } from '../../../../service/settings.ts';
import type { ChunkStore } from '../../../../store/chunk-store.ts';
import { jsquadConfig } from '../../../lib/jsquad-config.ts';
import { findMeiliPid } from '../../../lib/proc.ts';
import { BENCH_FORM, indexRound } from './index-round.ts';
import { createWorkerPreparer } from '../../../../indexer/pipeline/worker-preparer.ts';
import type { Variant } from './types.ts';

export interface E2eOptions {
  /** false: the CLI path (`kensaku index`: the machine to itself); true: the server path (indexing beside searches). */
  worker: boolean;
  /** Keep DATA_DIR after close (a later section reuses the index). */
  keepDataDir?: boolean;
  /** Chunking and readings beside the embedding on the feeding thread (the pipeline without Core.preparer). */
  inline?: boolean;
  /** EMBED_INDEX_WORKERS × EMBED_INDEX_THREADS; unset: the shipped defaults (CLI every core × 1, server 1 × 1). */
  layout?: { workers: number; threads: number };
  log?: (s: string) => void;
}

export interface E2eVariant extends Variant {
  core: Core;
  dataDir: string;
  summaries: IndexSummary[];
}

export async function e2eVariant(options: E2eOptions): Promise<E2eVariant> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `kensaku-bench-e2e-${options.worker ? 'worker' : 'cli'}-`));
  const { layout } = options;
  const config = jsquadConfig(
    dataDir,
    layout ? { EMBED_INDEX_WORKERS: String(layout.workers), EMBED_INDEX_THREADS: String(layout.threads) } : {},
  );
  const core = await openCore({
    settings: resolveSettings(config),
    logger: createLogger('silent'),
    separateIndexer: options.worker,
  });
  if (!core.semantic.available || !core.indexEmbedder || !core.semantic.embedderName) {
    await core.close();
    throw new Error(`end-to-end: semantic leg unavailable: ${core.semantic.reason}`);
  }
  const meiliPid = findMeiliPid(process.pid, dataDir);
  const embedderName = core.semantic.embedderName;
  const summaries: IndexSummary[] = [];
  return {
    name:
      (options.worker ? 'e2e-worker' : 'e2e-cli') +
      (layout ? `-${layout.workers}x${layout.threads}` : '') +
      (options.inline ? '-inline' : ''),
    label:
      (options.worker
        ? "end-to-end indexDocuments, the server's indexing embedder (API path)"
        : 'end-to-end indexDocuments, the `kensaku index` path') +
      (layout ? `, ${layout.workers} worker(s) × ${layout.threads} thread(s)` : ', default workers × threads') +
      (options.inline ? ', readings on the feeding thread' : ''),
    kind: 'e2e',
    core,
    dataDir,
    summaries,
    info: { dataDir, meiliPid },
    async run(round) {
      const m = await indexRound(
        round,
        core.store,
        core.indexEmbedder!,
        embedderName,
        config.CHUNK_MAX_CHARS,
        meiliPid,
        options.inline ? undefined : (core.preparer ?? undefined),
      );
      summaries.push(m.summary);
      return m;
    },
    async close() {
      await core.close();
      if (!options.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Ablation: the same pipeline and the same embedder as the CLI path (its worker pool, passage disk cache in a fresh
 * DATA_DIR), but a store whose writes go nowhere: what indexing costs without Meilisearch.
 */
export async function e2eNoMeiliVariant(): Promise<Variant> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kensaku-bench-nomeili-'));
  const config = jsquadConfig(dataDir);
  const embedder = await loadEmbedder(resolveSettings(config).embedders.index);
  const preparer = createWorkerPreparer({ keywordForm: BENCH_FORM });
  const noop = async () => {};
  const store = {
    writeChunks: noop,
    putDocuments: noop,
    deleteChunks: noop,
    getDocumentsByIds: async () => [],
  } as unknown as ChunkStore;
  return {
    name: 'e2e-no-meili',
    label:
      'ablation: indexDocuments with a no-op store (pipeline + cached embedder + preparing worker, no Meilisearch)',
    kind: 'e2e',
    async run(round) {
      return indexRound(round, store, embedder, 'multilingual-e5-small', config.CHUNK_MAX_CHARS, undefined, preparer);
    },
    async close() {
      await preparer.close();
      await embedder.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
