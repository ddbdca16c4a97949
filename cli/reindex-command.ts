import { KensakuError } from '../errors/kensaku-error.ts';
import { reembedAll } from '../indexer/pipeline/reembed.ts';
import { createLogger } from '../service/logger.ts';
import { openCore } from '../service/open-core.ts';
import type { Settings } from '../service/settings.ts';
import { UsageError } from './usage-error.ts';

type Flags = Record<string, string | boolean | undefined>;

/** `kensaku reindex --embeddings`: the explicit step after a model change. */
export async function reindexCommand(settings: Settings, _args: string[], flags: Flags): Promise<number> {
  if (!flags.embeddings) throw new UsageError('kensaku reindex: say what to rebuild: --embeddings');
  const core = await openCore({ settings, logger: createLogger(settings.logLevel, 2), separateIndexer: false });
  try {
    if (!core.indexEmbedder)
      throw new KensakuError('embeddings_unavailable', `cannot re-embed: ${core.semantic.reason}`);
    const total = await core.store.countChunks();
    const count = await reembedAll({
      store: core.store,
      embedder: core.indexEmbedder,
      embedderName: core.semantic.embedderName!,
      onProgress: (done) => process.stderr.isTTY && process.stderr.write(`\rre-embedded ${done}/${total} chunks`),
    });
    console.log(
      `${process.stderr.isTTY ? '\n' : ''}re-embedded ${count} chunks with ${core.indexEmbedder.modelId} (fingerprint ${core.indexEmbedder.fingerprint})`,
    );
    return 0;
  } finally {
    await core.close();
  }
}
