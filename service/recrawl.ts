import type { Logger } from 'pino';
import { errorMessage } from '../errors/kensaku-error.ts';
import type { Lease } from '../store/lease.ts';
import type { SourceRecord, SourceStore } from './source-store.ts';
import type { TaskQueue } from './task-queue.ts';

export interface RecrawlOptions {
  sources: SourceStore;
  tasks: TaskQueue;
  lease: Lease;
  logger: Logger;
  /** How often due sources are looked for. */
  tickMs: number;
}

/** Due when its interval has passed since its last crawl finished, and no crawl of it is waiting or running. */
async function isDue(source: SourceRecord, tasks: TaskQueue, now: number): Promise<boolean> {
  const every = source.spec.recrawlSeconds;
  if (!every || source.deleting) return false;
  if (source.taskId) {
    const task = await tasks.get(source.taskId);
    if (task && (task.status === 'enqueued' || task.status === 'processing')) return false;
  }
  const last = source.lastCrawl ? Date.parse(source.lastCrawl.finishedAt) : 0;
  return now - last >= every * 1000;
}

/**
 * The re-crawl timer: every tick, each source with `recrawlSeconds` whose interval has passed gets a crawl task. Every
 * server runs the timer, but only the holder of the task queue's lease enqueues (it takes the lease when it is free),
 * so N processes enqueue one crawl, not N.
 */
export function createRecrawlTimer(options: RecrawlOptions) {
  const { sources, tasks, lease, logger } = options;
  let timer: NodeJS.Timeout | null = null;
  let ticking = false;

  async function tick(): Promise<void> {
    if (ticking) return;
    ticking = true;
    try {
      const now = Date.now();
      const candidates = (await sources.list()).filter((s) => s.spec.recrawlSeconds);
      const due: SourceRecord[] = [];
      for (const s of candidates) if (await isDue(s, tasks, now)) due.push(s);
      if (due.length === 0 || !(await lease.tryAcquire())) return;
      for (const s of due) {
        // Read again under the lease: another holder may have enqueued it meanwhile.
        const fresh = await sources.get(s.sourceId);
        if (!fresh || !(await isDue(fresh, tasks, Date.now()))) continue;
        const task = await tasks.enqueue({ type: 'crawl', sourceId: s.sourceId, documentCount: 0 });
        await sources.update(s.sourceId, { taskId: task.id });
        logger.info({ source: s.sourceId, taskId: task.id }, 're-crawl enqueued');
      }
    } catch (e) {
      logger.warn({ err: errorMessage(e) }, 're-crawl timer: will retry');
    } finally {
      ticking = false;
    }
  }

  return {
    tick,
    start(): void {
      timer ??= setInterval(() => void tick(), options.tickMs);
      timer.unref();
    },
    stop(): void {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
