import type { PageRecord } from './types.ts';

/**
 * The crawl's pages in memory: every record of the source, the queue of this crawl (records whose `crawlId` is this
 * crawl's and `phase` is queued, in the order found: breadth first), and which records changed since they were last
 * saved. The queue lives in the records themselves, so saving them is saving the frontier: a crawl killed at any
 * point resumes from its last save.
 */
export function createFrontier(records: PageRecord[], crawlId: string) {
  const pages = new Map(records.map((r) => [r.key, r]));
  const dirty = new Set<string>();
  // A resumed crawl takes up its queue nearest the start first, as it was found.
  const queue = records
    .filter((r) => r.crawlId === crawlId && r.phase === 'queued')
    .sort((a, b) => a.depth - b.depth)
    .map((r) => r.key);
  let waiters: (() => void)[] = [];
  /** Taken by a worker in this process: its record may stay queued until its document is written. */
  const taken = new Set<string>();

  const touch = (key: string) => dirty.add(key);

  return {
    get: (key: string) => pages.get(key),
    all: () => pages.values(),
    /** In this crawl already (queued or visited). */
    has: (key: string) => pages.get(key)?.crawlId === crawlId,
    /** Puts a page in this crawl's queue, keeping what an earlier crawl knew of it. */
    enqueue(key: string, url: string, depth: number): PageRecord {
      const before = pages.get(key);
      const record: PageRecord = { ...(before ?? { key, url }), depth, crawlId, phase: 'queued' };
      pages.set(key, record);
      queue.push(key);
      touch(key);
      for (const wake of waiters) wake();
      waiters = [];
      return record;
    },
    /** The next queued page; one taken over meanwhile (reached by a redirect) is passed by. */
    next(): PageRecord | undefined {
      while (queue.length > 0) {
        const record = pages.get(queue.shift()!);
        if (record && record.crawlId === crawlId && record.phase === 'queued' && !taken.has(record.key)) {
          taken.add(record.key);
          return record;
        }
      }
      return undefined;
    },
    /** Marks a page visited through another URL (a redirect), so the queue passes it by. */
    take: (key: string) => void taken.add(key),
    queued: () => queue.length,
    /** Resolves when something is queued (a worker with nothing to do waits for the others' links). */
    changed: () => new Promise<void>((resolve) => waiters.push(resolve)),
    wakeAll() {
      for (const wake of waiters) wake();
      waiters = [];
    },
    /** Replaces a page's record (its visit settled). */
    update(record: PageRecord): void {
      pages.set(record.key, record);
      touch(record.key);
    },
    /** The records changed since the last call, to save. */
    takeDirty(): PageRecord[] {
      const out = [...dirty].map((k) => pages.get(k)!).filter(Boolean);
      dirty.clear();
      return out;
    },
    /** Forgets records (pages gone from the site), returning their keys to remove from the store. */
    drop(keys: string[]): void {
      for (const k of keys) {
        pages.delete(k);
        dirty.delete(k);
      }
    },
  };
}

export type Frontier = ReturnType<typeof createFrontier>;
