import type { IndexYield } from './index-yield.ts';

export interface PriorityLanesOptions {
  embedQuery(text: string): Promise<number[]>;
  embedPassages(texts: string[]): Promise<number[][]>;
  /** Passage texts per model call: 1 lets a query in between any two texts; Infinity keeps each request whole. */
  textsPerStep: number;
  /** Passage steps pause between them while queries arrive (index-yield.ts); absent: back to back. */
  indexYield?: IndexYield;
}

interface PassageJob {
  texts: string[];
  rows: number[][];
  resolve: (rows: number[][]) => void;
  reject: (e: unknown) => void;
}

interface QueryJob {
  text: string;
  resolve: (row: number[]) => void;
  reject: (e: unknown) => void;
}

/**
 * One model call at a time, queries before passages: when one session serves both searches and indexing, a search
 * waits for at most the passage step already running, however many documents are queued behind it. Passages keep
 * their order (first request first), so a document's vectors never depend on what ran around them. With
 * `indexYield`, passage steps also pause between them while queries arrive; a query ends the pause's wait at once.
 */
export function createPriorityLanes(options: PriorityLanesOptions) {
  const queries: QueryJob[] = [];
  const passages: PassageJob[] = [];
  const pace = options.indexYield;
  let running = false;
  /** Ends a yield's pause early when a query arrives, so it runs at once. */
  let wake: (() => void) | undefined;

  async function step(): Promise<void> {
    const q = queries.shift();
    if (q) {
      await options.embedQuery(q.text).then(q.resolve, q.reject);
      return;
    }
    const job = passages[0];
    const from = job.rows.length;
    const texts = job.texts.slice(from, from + options.textsPerStep);
    const started = pace?.now() ?? 0;
    try {
      job.rows.push(...(await options.embedPassages(texts)));
    } catch (e) {
      passages.shift();
      job.reject(e);
      return;
    } finally {
      pace?.stepped(started);
    }
    if (job.rows.length === job.texts.length) {
      passages.shift();
      job.resolve(job.rows);
    }
  }

  async function drain(): Promise<void> {
    if (running) return;
    running = true;
    try {
      while (queries.length > 0 || passages.length > 0) {
        const wait = queries.length === 0 ? (pace?.waitMs() ?? 0) : 0;
        if (wait > 0) await pause(wait);
        else await step();
      }
    } finally {
      running = false;
    }
  }

  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => ((wake = undefined), resolve()), ms);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });
  }

  return {
    query(text: string): Promise<number[]> {
      const done = new Promise<number[]>((resolve, reject) => queries.push({ text, resolve, reject }));
      pace?.queried();
      wake?.();
      void drain();
      return done;
    },
    passages(texts: string[]): Promise<number[][]> {
      if (texts.length === 0) return Promise.resolve([]);
      const done = new Promise<number[][]>((resolve, reject) => passages.push({ texts, rows: [], resolve, reject }));
      void drain();
      return done;
    },
  };
}
