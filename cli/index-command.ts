import type { Config } from '../config/index.ts';
import { chunkDocument } from '../indexer/chunker.ts';
import { indexDocuments } from '../indexer/pipeline/index-documents.ts';
import { fillVectors } from '../indexer/pipeline/fill-vectors.ts';
import { createLogger } from '../service/logger.ts';
import { openCore } from '../service/open-core.ts';
import { createIndexProgressBar } from './progress.ts';
import { readSources } from './read-sources.ts';

type Flags = Record<string, string | boolean | undefined>;

/** `kensaku index`: keeps going past bad files and exits 1 if any failed. */
export async function indexCommand(config: Config, args: string[], flags: Flags): Promise<number> {
  if (args.length === 0) {
    console.error('kensaku index: name at least one file, folder or glob');
    return 2;
  }
  const { documents, failed } = await readSources(args);
  if (flags['dry-run']) return dryRun(config, documents, failed, flags.json === true);

  const core = await openCore({ config, logger: createLogger(config.LOG_LEVEL, 2), separateIndexer: false });
  try {
    const bar = createIndexProgressBar(process.stderr.isTTY === true && !flags.json);
    const embedder = core.semantic.available ? core.indexEmbedder : null;
    const embedderName = core.semantic.embedderName;
    if (embedder && embedderName) await fillVectors({ store: core.store, embedder, embedderName });
    const summary = await indexDocuments(documents, { store: core.store, embedder, embedderName, maxChars: config.CHUNK_MAX_CHARS, onProgress: bar.update });
    bar.stop();
    summary.failed.unshift(...failed);
    const line = { added: summary.added, updated: summary.updated, unchanged: summary.unchanged, deleted: summary.deleted, failed: summary.failed.length };
    if (flags.json) console.log(JSON.stringify({ ...line, chunksWritten: summary.chunksWritten, errors: summary.failed }));
    else {
      console.log(Object.entries(line).map(([k, v]) => `${k} ${v}`).join(' | '));
      for (const f of summary.failed) console.error(`failed: ${f.documentId}: ${f.message}`);
      if (!embedder) console.error(`warning: semantic leg unavailable (${core.semantic.reason}); chunks were written without vectors and will be filled in later`);
    }
    return summary.failed.length > 0 ? 1 : 0;
  } finally {
    await core.close();
  }
}

function dryRun(config: Config, documents: Awaited<ReturnType<typeof readSources>>['documents'], failed: { documentId: string; message: string }[], json: boolean): number {
  for (const doc of documents) {
    for (const c of chunkDocument(doc, { maxChars: config.CHUNK_MAX_CHARS })) {
      const row = { documentId: c.documentId, chunkId: c.chunkId, title: c.title, headingPath: c.headingPath, text: c.text, start: c.start, end: c.end, hash: c.hash };
      console.log(json ? JSON.stringify(row) : `${c.chunkId}\t${c.headingPath.join(' > ')}\t${c.text.slice(0, 60)}`);
    }
  }
  for (const f of failed) console.error(`failed: ${f.documentId}: ${f.message}`);
  return failed.length > 0 ? 1 : 0;
}
