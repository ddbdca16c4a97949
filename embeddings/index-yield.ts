export interface IndexYieldOptions {
  /**
   * After each passage step, while searches arrive, the next one waits this many times the step's own duration:
   * indexing keeps at least 1/(1 + ratio) of the session under constant search traffic, and runs at full speed when
   * no one searches. 0 never waits.
   */
  ratio: number;
  /** A query seen within this many milliseconds counts as searches arriving. */
  windowMs: number;
  /** Default performance.now. */
  now?: () => number;
}

export type IndexYield = ReturnType<typeof createIndexYield>;

/**
 * Indexing's duty cycle on a session it shares with searches. One inference cannot be pre-empted, and beside it the
 * cores are oversubscribed (Meilisearch's indexing, the preparer, the event loop), so a query that lands on a
 * running passage waits for it and then runs slowly. Idle time between passage steps lets most queries land on a
 * free session; tying the pause to the step's duration keeps indexing's share fixed whatever a passage costs.
 */
export function createIndexYield(options: IndexYieldOptions) {
  const now = options.now ?? (() => performance.now());
  let queriedAt = Number.NEGATIVE_INFINITY;
  let resumeAt = Number.NEGATIVE_INFINITY;
  return {
    /** A query arrived. */
    queried(): void {
      queriedAt = now();
    },
    /** A passage step that began at `startedAt` (this clock's time) has just ended. */
    stepped(startedAt: number): void {
      const end = now();
      resumeAt = end + options.ratio * (end - startedAt);
    },
    /** How long the next passage step should still wait: 0 unless a query arrived within the window. */
    waitMs(): number {
      const t = now();
      return t - queriedAt > options.windowMs ? 0 : Math.max(0, resumeAt - t);
    },
    now,
  };
}
