import { KensakuError } from '../errors/kensaku-error.ts';
import { createRebuildService } from '../service/rebuild-service.ts';
import type { Settings } from '../service/settings.ts';
import { followTask } from './follow-task.ts';
import { withTaskQueue } from './queued-command.ts';
import { createIndexProgressBar } from './progress.ts';

type Flags = Record<string, string | boolean | undefined>;

/**
 * `kensaku rebuild [--embeddings]`: every document cut again with the current CHUNK_MAX_CHARS, its chunks' keyword
 * fields made with the current FOLD and READINGS (and, asked, every vector with the current model) into a new index,
 * swapped in whole, like POST /rebuild. Through the durable queue: a server holding it runs the task and searches
 * answer from the old index until the swap; one cut short resumes from its checkpoint.
 */
export async function rebuildCommand(settings: Settings, _args: string[], flags: Flags): Promise<number> {
  return withTaskQueue(settings, { model: 'always' }, async (core, tasks) => {
    // This process may be the one that runs it: a re-embed, or the new chunks of a new cut, need the model here.
    if (flags.embeddings && !core.semantic.available)
      throw new KensakuError('embeddings_unavailable', `--embeddings needs the model: ${core.semantic.reason}`);
    if (!core.semantic.available)
      console.error(
        `warning: semantic leg unavailable (${core.semantic.reason}); chunks a new cut makes are written without vectors and filled in later`,
      );
    const enqueued = await createRebuildService(tasks, core.store).enqueue({ embeddings: flags.embeddings === true });
    tasks.start();
    const bar = createIndexProgressBar(process.stderr.isTTY === true && !flags.json, 'rebuilding');
    const task = await followTask(tasks, enqueued.id, (t) => {
      if (t.progress.documentsTotal > 0) bar.update({ ...t.progress, chunksDone: t.counts.chunks });
    });
    bar.stop();
    if (flags.json) console.log(JSON.stringify({ status: task.status, ...task.counts, errors: task.errors }));
    else if (task.status === 'succeeded') {
      console.log(`rebuilt ${task.counts.documents} documents (${task.counts.chunks} chunks) and swapped them in`);
      if (task.counts.kept)
        console.log(`${task.counts.kept} documents indexed before their text was kept were not cut again`);
    }
    for (const f of task.errors) console.error(`failed: ${f.message}`);
    return task.status === 'succeeded' ? 0 : 1;
  });
}
