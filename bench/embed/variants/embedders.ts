// Our local embedder (embeddings/local.ts), in process and on a worker thread.
import { createLocalEmbedder, createWorkerEmbedder, createWorkerPool } from '../../../embeddings/index.ts';
import type { CountingEmbedder } from '../../../embeddings/types.ts';
import { MODEL_DIR } from '../../lib/paths.ts';
import { firstVectors, measured } from './measure.ts';
import type { Variant, VariantKind } from './types.ts';

function embedderVariant(name: string, label: string, kind: VariantKind, embedder: CountingEmbedder, perDocument = false, owns = true): Variant {
  return {
    name,
    label,
    kind,
    async run(round, _ids, keep) {
      const m = await measured(async () => {
        if (!perDocument) return embedder.embedPassages(round.texts);
        const out: number[][] = [];
        let at = 0;
        for (const n of round.perDocument) {
          out.push(...(await embedder.embedPassages(round.texts.slice(at, at + n))));
          at += n;
        }
        return out;
      });
      return { passages: round.texts.length, seconds: m.seconds, nodeCpu: m.nodeCpu, vectors: firstVectors(m.value, keep), vectorIds: round.ids.slice(0, keep) };
    },
    close: async () => {
      if (owns) await embedder.close();
    },
  };
}

export async function localVariant(batchSize: number, threads = 2): Promise<Variant> {
  const embedder = await createLocalEmbedder({ modelDir: MODEL_DIR, modelId: 'multilingual-e5-small', batchSize, threads, spin: true });
  const t = threads === 2 ? '' : `-t${threads}`;
  const tl = threads === 2 ? '' : `, EMBED_THREADS=${threads}`;
  return batchSize === 1
    ? embedderVariant(`local-b1${t}`, `our local embedder, EMBED_BATCH_SIZE=1 (default)${tl}`, 'node-raw', embedder)
    : embedderVariant(`local-sorted${batchSize}${t}`, `our local embedder, EMBED_BATCH_SIZE=${batchSize} (length-sorted)${tl}`, 'node-raw', embedder);
}

/** The worker embedder, called once per round and once per document (as indexDocuments calls it); one worker serves both. */
export async function workerVariants(): Promise<{ variants: Variant[]; close: () => Promise<void> }> {
  const embedder = await createWorkerEmbedder({ modelDir: MODEL_DIR, modelId: 'multilingual-e5-small', batchSize: 1, threads: 2, spin: true });
  return {
    variants: [
      embedderVariant('worker-b1', 'worker embedder, batch 1, one call per round', 'worker', embedder, false, false),
      embedderVariant('worker-per-doc', 'worker embedder, batch 1, one call per document', 'worker', embedder, true, false),
    ],
    close: () => embedder.close(),
  };
}

/** The indexing worker pool the CLI uses: one 1-thread worker per core, each text on the next free one. */
export async function poolVariant(workers: number): Promise<Variant> {
  const embedder = await createWorkerPool({ modelDir: MODEL_DIR, modelId: 'multilingual-e5-small', batchSize: 1, threads: 1, spin: false, workers });
  return embedderVariant('pool-b1', `our worker pool, ${workers} workers × 1 thread, one call per round`, 'worker', embedder);
}
