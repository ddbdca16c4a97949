import { createCoreQueue } from '../service/core-queue.ts';
import { createLogger } from '../service/logger.ts';
import { openCore } from '../service/open-core.ts';
import { createRebuildService } from '../service/rebuild-service.ts';
import type { Settings } from '../service/settings.ts';
import { followTask, loadModelForQueuedTasks } from './follow-task.ts';
import { createIndexProgressBar } from './progress.ts';

type Flags = Record<string, string | boolean | undefined>;

/**
 * `kensaku rebuild [--embeddings]`: every chunk rewritten with the current FOLD and READINGS (and model) into a new
 * index, swapped in whole, like POST /rebuild. Through the durable queue: a server holding it runs the task and
 * searches answer from the old index until the swap; one cut short resumes from its checkpoint.
 */
export async function rebuildCommand(settings: Settings, _args: string[], flags: Flags): Promise<number> {
  const core = await openCore({
    settings,
    logger: createLogger(settings.logLevel, 2),
    separateIndexer: false,
    embeddings: false,
  });
  let tasks: ReturnType<typeof createCoreQueue> | undefined;
  try {
    // This process may be the one that runs it: re-embedding needs the model here.
    if (flags.embeddings) await core.loadEmbeddings();
    else await loadModelForQueuedTasks(core);
    tasks = createCoreQueue(core);
    const enqueued = await createRebuildService(tasks, core.store).enqueue({ embeddings: flags.embeddings === true });
    tasks.start();
    const bar = createIndexProgressBar(process.stderr.isTTY === true && !flags.json, 'rebuilding');
    const task = await followTask(tasks, enqueued.id, (t) => {
      if (t.progress.documentsTotal > 0) bar.update({ ...t.progress, chunksDone: t.counts.chunks });
    });
    bar.stop();
    if (flags.json) console.log(JSON.stringify({ status: task.status, ...task.counts, errors: task.errors }));
    else if (task.status === 'succeeded')
      console.log(`rebuilt ${task.counts.documents} documents (${task.counts.chunks} chunks) and swapped them in`);
    for (const f of task.errors) console.error(`failed: ${f.message}`);
    return task.status === 'succeeded' ? 0 : 1;
  } finally {
    await tasks?.stop();
    await core.close();
  }
}
