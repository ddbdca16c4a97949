export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface WaitOptions {
  /** Give up after this long: the failure names `what` and the probe's last error. */
  timeoutMs?: number;
  /** Pause between probes. */
  intervalMs?: number;
}

/**
 * Probes until it returns something other than undefined, and returns that; a probe that throws counts as not yet.
 * Tests wait with this, for the condition itself, never with a guessed sleep.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  options: number | WaitOptions = {},
): Promise<T> {
  const { timeoutMs = 120_000, intervalMs = 250 } = typeof options === 'number' ? { timeoutMs: options } : options;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() >= deadline) break;
    await sleep(intervalMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}
