import { startMeilisearch, type MeiliProcess, type MeiliProcessOptions } from './meili-process.ts';

export interface SupervisorOptions {
  /** Wait before the first restart; doubles after each restart up to maxBackoffMs. */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Answering /health this long after a start puts the backoff back at initialBackoffMs. */
  resetAfterMs: number;
  /** How often /health is probed, and how long one probe may wait. */
  healthIntervalMs: number;
  healthTimeoutMs: number;
  /** No answer for this long while the process exists: it is frozen or wedged, so SIGKILL and restart. */
  unresponsiveMs: number;
}

// Unresponsive at 10 s, not less: a kill costs the writes in flight, and a busy 2-core machine can be slow to answer.
export const supervisorDefaults: SupervisorOptions = {
  initialBackoffMs: 100,
  maxBackoffMs: 5000,
  resetAfterMs: 60_000,
  healthIntervalMs: 1000,
  healthTimeoutMs: 2000,
  unresponsiveMs: 10_000,
};

export type SupervisorEvent =
  | { type: 'exited'; pid: number; code: number | null; signal: string | null }
  | { type: 'unresponsive'; pid: number; silentMs: number }
  | { type: 'restart_failed'; attempt: number; port: number; error: string; retryInMs: number }
  | { type: 'restarted'; pid: number; restarts: number; attempt: number; downMs: number };

export interface SupervisedMeilisearch {
  url: string;
  masterKey: string;
  /** The running process's pid; undefined while it is down. */
  pid(): number | undefined;
  /** Successful restarts since start. */
  restarts(): number;
  /** Stops the process for good: nothing is restarted after it. */
  stop(): Promise<void>;
}

export interface SuperviseOptions extends Partial<SupervisorOptions> {
  onEvent?: (event: SupervisorEvent) => void;
}

/**
 * Starts Meilisearch and keeps it running: restarted with backoff when it exits or stops answering, on the same
 * port and data dir, so clients holding the URL carry on once it is back.
 */
export async function superviseMeilisearch(
  start: MeiliProcessOptions,
  options: SuperviseOptions = {},
): Promise<SupervisedMeilisearch> {
  const policy = { ...supervisorDefaults, ...options };
  const emit = options.onEvent ?? (() => {});
  const first = await startMeilisearch(start);
  const port = first.port;
  let current: MeiliProcess | undefined;
  let stopped = false;
  let restarts = 0;
  let backoff = policy.initialBackoffMs;
  let timer: NodeJS.Timeout | undefined;
  let restarting: Promise<void> | undefined;
  let downSince = 0;

  const later = (ms: number, fn: () => void) => {
    clearTimeout(timer);
    // Unref'd: a supervisor alone must not keep a finished CLI command alive.
    timer = setTimeout(fn, ms).unref();
  };

  function watch(proc: MeiliProcess) {
    current = proc;
    const startedAt = Date.now();
    let lastAnswer = startedAt;
    void proc.exited.then((exit) => {
      if (stopped || current !== proc) return;
      current = undefined;
      downSince = Date.now();
      emit({ type: 'exited', pid: proc.pid, code: exit.code, signal: exit.signal });
      scheduleRestart(1);
    });
    const probe = async () => {
      const answered = await answers(`${proc.url}/health`, policy.healthTimeoutMs);
      if (stopped || current !== proc) return;
      const now = Date.now();
      if (answered) {
        lastAnswer = now;
        if (now - startedAt >= policy.resetAfterMs) backoff = policy.initialBackoffMs;
      } else if (now - lastAnswer >= policy.unresponsiveMs) {
        emit({ type: 'unresponsive', pid: proc.pid, silentMs: now - lastAnswer });
        await proc.kill(); // its exit handler above restarts it
        return;
      }
      later(policy.healthIntervalMs, () => void probe());
    };
    later(policy.healthIntervalMs, () => void probe());
  }

  function scheduleRestart(attempt: number) {
    const delay = backoff;
    backoff = Math.min(backoff * 2, policy.maxBackoffMs);
    later(delay, () => {
      restarting = restart(attempt).finally(() => (restarting = undefined));
    });
    return delay;
  }

  async function restart(attempt: number) {
    if (stopped) return;
    try {
      const proc = await startMeilisearch({ ...start, port });
      if (stopped) return void (await proc.stop());
      restarts++;
      emit({ type: 'restarted', pid: proc.pid, restarts, attempt, downMs: Date.now() - downSince });
      watch(proc);
    } catch (e) {
      if (stopped) return;
      // Port taken, binary gone, data dir locked...: try again, ever more slowly.
      const error = (e as Error).message;
      const retryInMs = scheduleRestart(attempt + 1);
      emit({ type: 'restart_failed', attempt, port, error, retryInMs });
    }
  }

  watch(first);
  return {
    url: first.url,
    masterKey: first.masterKey,
    pid: () => current?.pid,
    restarts: () => restarts,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await restarting; // a start in flight sees `stopped` and stops what it started
      await current?.stop();
    },
  };
}

/** Any HTTP answer counts: the process is alive and serving, even if it reports itself unwell. */
async function answers(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}
