import type { Logger } from 'pino';
import { errorMessage } from '../errors/kensaku-error.ts';
import type { Lease } from '../store/lease.ts';
import { listBackups, type BackupSettings } from './backup-files.ts';
import type { BackupsService } from './backups-service.ts';
import type { TaskQueue } from './task-queue.ts';

export interface BackupTimerOptions {
  settings: BackupSettings;
  backups: BackupsService;
  tasks: TaskQueue;
  lease: Lease;
  logger: Logger;
  /** Whether a backup task waits or runs, whichever process enqueued it. */
  backupQueued: () => Promise<boolean>;
}

/**
 * Scheduled backups (BACKUP_INTERVAL): due when the newest archive in BACKUP_DIR is older than the interval (at once
 * when there is none) and no backup task waits or runs. Every server runs the timer; only the holder of the task
 * queue's lease enqueues, checked again just before, so N processes make one backup, not N. Off when the interval is 0.
 */
export function createBackupTimer(options: BackupTimerOptions) {
  const { settings, tasks, lease, logger } = options;
  let timer: NodeJS.Timeout | null = null;
  let ticking = false;
  let last: string | null = null;

  async function due(): Promise<boolean> {
    if (last) {
      const task = await tasks.get(last);
      if (task && (task.status === 'enqueued' || task.status === 'processing')) return false;
    }
    if (await options.backupQueued()) return false;
    const newest = (await listBackups(settings.dir))[0]?.mtimeMs ?? 0;
    return Date.now() - newest >= settings.intervalMs;
  }

  async function tick(): Promise<void> {
    if (ticking || settings.intervalMs <= 0) return;
    ticking = true;
    try {
      // tryAcquire trusts a lease this process took earlier; stillHeld reads whether another has claimed it since.
      if (!(await due()) || !(await lease.tryAcquire()) || !(await lease.stillHeld()) || !(await due())) return;
      const task = await options.backups.enqueue();
      last = task.id;
      logger.info({ taskId: task.id, file: task.file }, 'scheduled backup enqueued');
    } catch (e) {
      logger.warn({ err: errorMessage(e) }, 'backup timer: will retry');
    } finally {
      ticking = false;
    }
  }

  return {
    tick,
    start(): void {
      if (settings.intervalMs <= 0) return;
      timer ??= setInterval(() => void tick(), Math.min(60_000, Math.max(1000, settings.intervalMs / 4)));
      timer.unref();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
