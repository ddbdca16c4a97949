import type { Config } from '../config/index.ts';
import { deleteDocument } from '../indexer/pipeline/delete-document.ts';
import { createLogger } from '../service/logger.ts';
import { openCore } from '../service/open-core.ts';

/** `kensaku delete <documentId>`: the document and all of its chunks. */
export async function deleteCommand(config: Config, args: string[]): Promise<number> {
  if (args.length !== 1) {
    console.error('kensaku delete: give exactly one documentId');
    return 2;
  }
  const core = await openCore({ config, logger: createLogger(config.LOG_LEVEL, 2), separateIndexer: false, embeddings: false });
  try {
    await deleteDocument(core.store, args[0]);
    console.log(`deleted ${args[0]}`);
    return 0;
  } finally {
    await core.close();
  }
}
