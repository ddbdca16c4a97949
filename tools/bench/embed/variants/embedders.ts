// Our local embedder (embeddings/local.ts) in process, and the indexing worker pool.
import { createLocalEmbedder, createWorkerPool } from '../../../../embeddings/index.ts';
import type { CountingEmbedder } from '../../../../embeddings/types.ts';
import { MODEL_DIR } from '../../../lib/paths.ts';
import { firstVectors, measured } from './measure.ts';
import type { Variant, VariantKind } from './types.ts';

function embedderVariant(name: string, label: string, kind: VariantKind, embedder: CountingEmbedder): Variant {
  return {
    name,
    label,
    kind,
    async run(round, keep) {
      const m = await measured(() => embedder.embedPassages(round.texts));
      return {
        passages: round.texts.length,
        seconds: m.seconds,
        nodeCpu: m.nodeCpu,
        vectors: firstVectors(m.value, keep),
        vectorIds: round.ids.slice(0, keep),
      };
    },
    close: () => embedder.close(),
  };
}

/** Our local embedder in process: EMBED_BATCH_SIZE=1, 2 threads, idle threads spinning (as the Results rows measured it). */
export async function localVariant(): Promise<Variant> {
  const embedder = await createLocalEmbedder({
    modelDir: MODEL_DIR,
    modelId: 'multilingual-e5-small',
    batchSize: 1,
    threads: 2,
    spin: true,
  });
  return embedderVariant('local-b1', 'our local embedder, EMBED_BATCH_SIZE=1 (default)', 'node-raw', embedder);
}

/** The indexing worker pool the CLI uses: one 1-thread worker per core, each text on the next free one. */
export async function poolVariant(workers: number): Promise<Variant> {
  const embedder = await createWorkerPool({
    modelDir: MODEL_DIR,
    modelId: 'multilingual-e5-small',
    batchSize: 1,
    threads: 1,
    spin: false,
    workers,
  });
  return embedderVariant(
    'pool-b1',
    `our worker pool, ${workers} workers × 1 thread, one call per round`,
    'worker',
    embedder,
  );
}
