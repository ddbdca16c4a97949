import type { TaskQueue } from '../service/task-queue.ts';
import type { TaskRecord } from '../domain/tasks.ts';
import { KensakuError } from '../errors/kensaku-error.ts';
import type { Core } from '../service/open-core.ts';

/** Polls a task until it has finished, whichever process runs it, reporting its progress on the way. */
export async function followTask(
  tasks: TaskQueue,
  id: string,
  onProgress: (task: TaskRecord) => void = () => {},
): Promise<TaskRecord> {
  for (;;) {
    const task = await tasks.get(id);
    if (!task) throw new KensakuError('task_not_found', `task ${id} is gone`);
    onProgress(task);
    if (task.status === 'succeeded' || task.status === 'failed') return task;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** More waiting tasks than this: assume one of them embeds rather than read them all. */
const SCAN = 1000;

/**
 * A command's task runs after those queued before it, and this process may be the one that runs them: index and
 * vectors tasks embed, so a command opened without the model (delete, reshard) loads it only if one is waiting.
 * One queued later by another process meanwhile runs without vectors, which a vectors task fills in.
 */
export async function loadModelForQueuedTasks(core: Core): Promise<void> {
  const waiting = await core.taskStore.nextTasks(SCAN);
  if (waiting.length >= SCAN || waiting.some((t) => t.type === 'index' || t.type === 'vectors'))
    await core.loadEmbeddings();
}
