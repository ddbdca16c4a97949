import { chunkDocument } from '../indexer/chunker.ts';
import { createCoreQueue } from '../service/core-queue.ts';
import { createIndexingService } from '../service/indexing-service.ts';
import { followTask } from './follow-task.ts';
import { createLogger } from '../service/logger.ts';
import { openCore } from '../service/open-core.ts';
import type { Settings } from '../service/settings.ts';
import type { IndexFailure } from '../indexer/pipeline/types.ts';
import { createIndexProgressBar } from './progress.ts';
import { sluggerFlag } from './crawl-options.ts';
import { readSources } from './read-sources.ts';
import { UsageError } from './usage-error.ts';

type Flags = Record<string, string | boolean | undefined>;

/**
 * `kensaku index`: keeps going past bad files and exits 1 if any failed. The files are read first: when none gives a
 * document, it answers without starting Meilisearch or loading the model.
 */
export async function indexCommand(settings: Settings, args: string[], flags: Flags): Promise<number> {
  if (args.length === 0) throw new UsageError('kensaku index: name at least one file, folder or glob');
  const slugger = sluggerFlag('index', flags.slugger);
  const { documents, failed } = await readSources(args, process.cwd(), slugger ? { markdown: { slugger } } : {});
  if (flags['dry-run']) return dryRun(settings.chunking.maxChars, documents, failed, flags.json === true);
  if (documents.length === 0)
    return summary(
      { added: 0, updated: 0, unchanged: 0, deleted: 0, failed: failed.length },
      0,
      failed,
      flags.json === true,
    );

  const core = await openCore({ settings, logger: createLogger(settings.logLevel, 2), separateIndexer: false });
  const tasks = createCoreQueue(core);
  const indexing = createIndexingService(core.store, tasks);
  try {
    const bar = createIndexProgressBar(process.stderr.isTTY === true && !flags.json);
    // Through the durable queue, like the API: a command killed part-way leaves its task for the next runner.
    if (core.semantic.available) await indexing.enqueueFillVectors();
    const enqueued = await indexing.enqueueIndex({ documents, errors: failed });
    tasks.start();
    const task = await followTask(tasks, enqueued.id, (t) =>
      bar.update({ ...t.progress, chunksDone: t.counts.chunks }),
    );
    bar.stop();
    const { counts } = task;
    const line = {
      added: counts.added,
      updated: counts.updated,
      unchanged: counts.unchanged,
      deleted: counts.deleted,
      failed: counts.failed,
    };
    const code = summary(line, counts.chunks, task.errors, flags.json === true);
    if (!flags.json && !core.semantic.available)
      console.error(
        `warning: semantic leg unavailable (${core.semantic.reason}); chunks were written without vectors and will be filled in later`,
      );
    return code;
  } finally {
    await tasks.stop();
    await core.close();
  }
}

/** The summary line (or JSON) and each failure; exit 1 if any document failed. */
function summary(
  line: Record<'added' | 'updated' | 'unchanged' | 'deleted' | 'failed', number>,
  chunksWritten: number,
  errors: IndexFailure[],
  json: boolean,
): number {
  if (json) console.log(JSON.stringify({ ...line, chunksWritten, errors }));
  else {
    console.log(
      Object.entries(line)
        .map(([k, v]) => `${k} ${v}`)
        .join(' | '),
    );
    for (const f of errors) console.error(`failed: ${f.documentId}: ${f.message}`);
  }
  return errors.length > 0 ? 1 : 0;
}

function dryRun(
  maxChars: number,
  documents: Awaited<ReturnType<typeof readSources>>['documents'],
  failed: { documentId: string; message: string }[],
  json: boolean,
): number {
  for (const doc of documents) {
    for (const c of chunkDocument(doc, { maxChars })) {
      const row = {
        documentId: c.documentId,
        chunkId: c.chunkId,
        title: c.title,
        headingPath: c.headingPath,
        text: c.text,
        start: c.start,
        end: c.end,
        hash: c.hash,
        ...(c.anchor !== undefined ? { anchor: c.anchor } : {}),
      };
      console.log(json ? JSON.stringify(row) : `${c.chunkId}\t${c.headingPath.join(' > ')}\t${c.text.slice(0, 60)}`);
    }
  }
  for (const f of failed) console.error(`failed: ${f.documentId}: ${f.message}`);
  return failed.length > 0 ? 1 : 0;
}
