import { KensakuError } from '../errors/kensaku-error.ts';
import type { Settings } from '../service/settings.ts';
import { followTask } from './follow-task.ts';
import { withTaskQueue } from './queued-command.ts';
import { UsageError } from './usage-error.ts';

/**
 * `kensaku delete <documentId>`: the document and all of its chunks, as a task of the durable queue. Deleting needs
 * no model: it is loaded only when tasks queued before this one embed (loadModelForQueuedTasks).
 */
export async function deleteCommand(settings: Settings, args: string[]): Promise<number> {
  if (args.length !== 1) throw new UsageError('kensaku delete: give exactly one documentId');
  return withTaskQueue(settings, { model: 'queued' }, async (core, tasks) => {
    if (!(await core.store.getDocument(args[0])))
      throw new KensakuError('document_not_found', `no document with id ${JSON.stringify(args[0])}`);
    const enqueued = await tasks.enqueue({ type: 'delete', documentId: args[0] });
    tasks.start();
    const task = await followTask(tasks, enqueued.id);
    if (task.status !== 'succeeded')
      throw new KensakuError('internal', `delete failed: ${task.errors.map((e) => e.message).join('; ')}`);
    console.log(`deleted ${args[0]}`);
    return 0;
  });
}
