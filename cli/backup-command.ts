import { stat } from 'node:fs/promises';
import { KensakuError } from '../errors/kensaku-error.ts';
import { createBackupsService } from '../service/backups-service.ts';
import type { Settings } from '../service/settings.ts';
import { followTask } from './follow-task.ts';
import { withTaskQueue } from './queued-command.ts';
import { UsageError } from './usage-error.ts';

/**
 * `kensaku backup <file>`: a backup task on the durable queue, like POST /backups, into the given file. A running
 * server (the queue's holder) runs it and writes the file on its host; with none, this process does.
 */
export async function backupCommand(settings: Settings, args: string[]): Promise<number> {
  if (args.length !== 1) throw new UsageError('kensaku backup: give exactly one archive file to write');
  return withTaskQueue(settings, { model: 'queued' }, async (core, tasks) => {
    const backups = createBackupsService(tasks, settings.backups, { sharded: core.sharding !== null });
    const enqueued = await backups.enqueueTo(args[0]);
    tasks.start();
    const task = await followTask(tasks, enqueued.id, (t) => {
      if (process.stderr.isTTY && t.status === 'processing')
        process.stderr.write(`\rbacking up: ${t.progress.documentsDone} documents`);
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (task.status !== 'succeeded')
      throw new KensakuError('internal', `backup failed: ${task.errors.map((e) => e.message).join('; ')}`);
    const size = (await stat(task.file!)).size;
    console.log(`backed up ${task.counts.documents} documents to ${task.file} (${(size / 1048576).toFixed(1)} MiB)`);
    return 0;
  });
}
