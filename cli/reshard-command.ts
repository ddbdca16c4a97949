import type { Settings } from '../service/settings.ts';
import { followTask } from './follow-task.ts';
import { withTaskQueue } from './queued-command.ts';
import { createIndexProgressBar } from './progress.ts';

type Flags = Record<string, string | boolean | undefined>;

/**
 * `kensaku reshard`: after MEILI_SHARDS gained or retired a node, moves each document whose home shard changed.
 * Through the durable queue: a server holding it runs the task, searches answer throughout, and a reshard cut short
 * is resumed by the next runner (or by running this again).
 */
export async function reshardCommand(settings: Settings, _args: string[], flags: Flags): Promise<number> {
  if (settings.meili.mode !== 'sharded') {
    console.error('kensaku reshard: MEILI_SHARDS is not set; there is one node, so nothing to move');
    return 2;
  }
  const nodes = settings.meili.shards;
  return withTaskQueue(settings, { model: 'queued' }, async (_core, tasks) => {
    const bar = createIndexProgressBar(process.stderr.isTTY === true && !flags.json, 'moving');
    const shards = nodes.filter((s) => !s.retired).map((s) => s.name);
    const enqueued = await tasks.enqueue({ type: 'reshard', documentCount: 0, shards });
    tasks.start();
    const task = await followTask(tasks, enqueued.id, (t) =>
      bar.update({ ...t.progress, chunksDone: t.counts.chunks }),
    );
    bar.stop();
    const line = {
      moved: task.counts.moved ?? 0,
      chunks: task.counts.chunks,
      shards: nodes.map((s) => s.name + (s.retired ? ' (retired)' : '')),
    };
    if (flags.json) console.log(JSON.stringify({ ...line, status: task.status, errors: task.errors }));
    else {
      console.log(
        `moved ${line.moved} documents (${line.chunks} chunks) to their home shards among ${line.shards.join(', ')}`,
      );
      for (const f of task.errors) console.error(`failed: ${f.message}`);
    }
    return task.status === 'succeeded' ? 0 : 1;
  });
}
