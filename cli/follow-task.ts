import type { TaskQueue } from '../service/task-queue.ts';
import type { TaskRecord } from '../domain/tasks.ts';
import { KensakuError } from '../errors/kensaku-error.ts';

/** Polls a task until it has finished, whichever process runs it, reporting its progress on the way. */
export async function followTask(tasks: TaskQueue, id: string, onProgress: (task: TaskRecord) => void = () => {}): Promise<TaskRecord> {
  for (;;) {
    const task = await tasks.get(id);
    if (!task) throw new KensakuError('task_not_found', `task ${id} is gone`);
    onProgress(task);
    if (task.status === 'succeeded' || task.status === 'failed') return task;
    await new Promise((r) => setTimeout(r, 200));
  }
}
