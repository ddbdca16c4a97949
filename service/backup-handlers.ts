import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { TaskType } from '../domain/tasks.ts';
import { KensakuError, errorMessage } from '../errors/kensaku-error.ts';
import { exportArchive } from '../store/backup-export.ts';
import { meiliClient } from '../store/meili-client.ts';
import { pruneBackups, type BackupSettings } from './backup-files.ts';
import { LEFT_FOR_LATER, type TaskHandler, type TaskResult } from './task-queue.ts';

export interface BackupHandlerOptions {
  /** The primary's address and key: kensaku's indexes all live there on one node. */
  meili: { url: string; apiKey?: string };
  indexName: string;
  taskTimeoutMs: number;
  /** Sharded stores are refused (a node's chunks are not all on the primary). */
  sharded: boolean;
  backups: BackupSettings;
  logger: Logger;
}

/**
 * The `backup` task: kensaku's indexes exported into one archive. It runs as a task of the queue, which is the only
 * writer of chunks, records and task states: while it runs no other task does, so the archive is one point in the
 * queue's history, and searches go on. The archive is written beside its name and renamed when whole, so a crash
 * leaves no half archive under the name. Archives written into BACKUP_DIR are pruned to BACKUP_KEEP.
 */
export function backupHandlers(options: BackupHandlerOptions): Record<Extract<TaskType, 'backup'>, TaskHandler> {
  const client = meiliClient({ ...options.meili, timeoutMs: options.taskTimeoutMs });
  return {
    async backup(tasks, ctx) {
      const results = new Map<string, TaskResult>();
      const running = tasks.map((t) => t.id);
      for (const task of tasks) {
        const counts = { ...task.counts, documents: 0, failed: 0 };
        try {
          if (options.sharded)
            throw new KensakuError(
              'backup_unsupported',
              "a sharded store (MEILI_SHARDS) is not backed up as one: back up each node's Meilisearch",
            );
          if (!task.file) throw new KensakuError('invalid_request', 'a backup task names no file');
          await mkdir(path.dirname(task.file), { recursive: true });
          const partial = `${task.file}.partial`;
          try {
            const manifest = await exportArchive({
              client,
              indexName: options.indexName,
              file: partial,
              excludeTaskIds: running,
              onProgress: (n) => ctx.progress(task.id, n),
            });
            // Beats the lease: an archive made while another process had taken the queue over is not kept.
            await ctx.checkpoint(task.id, { counts, errors: task.errors, progress: task.progress });
            await rename(partial, task.file);
            counts.documents = Object.values(manifest.indexes).reduce((n, i) => n + i.documents, 0);
          } finally {
            await rm(partial, { force: true });
          }
          if (path.dirname(task.file) === options.backups.dir) {
            const removed = await pruneBackups(options.backups.dir, options.backups.keep);
            if (removed.length) options.logger.info({ removed }, 'old backups removed (BACKUP_KEEP)');
          }
          results.set(task.id, {
            counts,
            errors: task.errors,
            progress: { documentsDone: counts.documents, documentsTotal: counts.documents },
          });
        } catch (e) {
          // The queue's own list: Meilisearch away, its disk full or read-only, the lease lost, shutdown.
          if (e instanceof KensakuError && LEFT_FOR_LATER.has(e.code)) throw e;
          results.set(task.id, {
            counts: { ...counts, documents: 1, failed: 1 },
            errors: [...task.errors, { documentId: '*', message: errorMessage(e) }],
            progress: task.progress,
          });
        }
      }
      return results;
    },
  };
}
