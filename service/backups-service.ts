import path from 'node:path';
import type { TaskRecord } from '../domain/tasks.ts';
import { KensakuError } from '../errors/kensaku-error.ts';
import { backupFileName, listBackups, type BackupSettings } from './backup-files.ts';
import type { TaskQueue } from './task-queue.ts';

export type BackupsService = ReturnType<typeof createBackupsService>;

/** The verbs POST/GET /backups and `kensaku backup` call: each backup is a durable task of the queue. */
export function createBackupsService(tasks: TaskQueue, settings: BackupSettings, options: { sharded: boolean }) {
  const enqueue = (file: string) => {
    if (options.sharded)
      throw new KensakuError(
        'backup_unsupported',
        "a sharded store (MEILI_SHARDS) is not backed up as one: back up each node's Meilisearch",
      );
    return tasks.enqueue({ type: 'backup', file, documentCount: 0 });
  };
  return {
    /** A backup into BACKUP_DIR, under a name that sorts by time. */
    enqueue: (): Promise<TaskRecord> => enqueue(path.join(settings.dir, backupFileName())),
    /** A backup into this file (made absolute here: the process that runs the task may have another cwd). */
    enqueueTo: (file: string): Promise<TaskRecord> => enqueue(path.resolve(file)),
    /** The archives in BACKUP_DIR, newest first. */
    async list(): Promise<{ file: string; createdAt: string }[]> {
      return (await listBackups(settings.dir)).map((b) => ({
        file: b.file,
        createdAt: new Date(b.mtimeMs).toISOString(),
      }));
    },
  };
}
