// Chaos: at randomised moments, SIGKILL either the kensaku API process (then start it again on the same DATA_DIR and
// port) or its embedded Meilisearch (kensaku is to restart that itself; the harness only waits for /health). Every
// kill opens an outage window, closed GRACE_MS after /health is ok again; failures overlapping one are provoked on
// purpose and counted apart.
import { log } from '../lib/log.ts';
import { sleep } from '../lib/format.ts';
import type { OwnedServer } from './server.ts';
import { waitHealthy } from './server.ts';

const GRACE_MS = 1000;

export interface KillEvent {
  n: number;
  target: 'api' | 'meili';
  pid: number;
  /** ms since the run started */
  at: number;
  /** ms from the kill to a healthy /health, null when it never came back by itself */
  recoveredMs: number | null;
  /** what it took: 'restarted by the harness' (API kills), 'by itself', or what went wrong */
  how: string;
}

export class Outages {
  readonly windows: Array<{ from: number; to: number | null }> = [];
  open(at: number): number {
    return this.windows.push({ from: at, to: null }) - 1;
  }
  close(i: number, at: number): void {
    this.windows[i].to = at + GRACE_MS;
  }
  /** Did [start, end] (performance.now()) overlap an outage window? */
  inOutage(start: number, end: number): boolean {
    return this.windows.some((w) => w.from <= end && (w.to === null || start <= w.to));
  }
}

/** No outages: the normal soak. */
export const NO_OUTAGES = { inOutage: () => false };

export interface ChaosOptions {
  server: OwnedServer;
  kills: number;
  durationMs: number;
  /** wait this long for /health after a Meilisearch kill before calling it not recovered */
  recoveryMs: number;
  /** stop scheduling kills after this (ms since t0) */
  deadlineMs: number;
  rand: () => number;
  t0: number;
  outages: Outages;
  /** true once the workload should stop (e.g. a fatal error) */
  stopped: () => boolean;
}

export interface ChaosResult {
  events: KillEvent[];
  /** kill points that did not happen before the deadline */
  skipped: number;
  /** a restart that failed: the run cannot go on */
  fatal: string | null;
}

const now = (t0: number) => performance.now() - t0;

export async function runChaos(o: ChaosOptions): Promise<ChaosResult> {
  const events: KillEvent[] = [];
  const slot = o.durationMs / o.kills;
  // As many API kills as Meilisearch kills (one more of either when odd), in a random order.
  const targets: Array<'api' | 'meili'> = Array.from({ length: o.kills }, (_, i) => (i % 2 === 0 ? 'api' : 'meili'));
  for (let i = targets.length - 1; i > 0; i--) {
    const j = Math.floor(o.rand() * (i + 1));
    [targets[i], targets[j]] = [targets[j], targets[i]];
  }
  let fatal: string | null = null;
  let lastHealthy = 0;
  const restart = async (): Promise<number | null> => {
    try {
      await o.server.killApi();
      await o.server.restart();
      return performance.now();
    } catch (e) {
      fatal = (e as Error).message;
      return null;
    }
  };
  for (let n = 0; n < o.kills && !fatal && !o.stopped(); n++) {
    // A random moment in this kill point's slot, and at least 1 s of healthy traffic after the last recovery.
    const target = Math.max(n * slot + (0.15 + 0.7 * o.rand()) * slot, lastHealthy + 1000);
    while (now(o.t0) < target && !o.stopped()) await sleep(Math.min(200, target - now(o.t0)));
    if (o.stopped() || now(o.t0) > o.deadlineMs) break;
    const meiliPid = o.server.meiliPid();
    const which = meiliPid === undefined ? 'api' : targets[n];
    const killedAt = performance.now();
    const w = o.outages.open(killedAt);
    const ev: KillEvent = {
      n: n + 1,
      target: which,
      pid: which === 'api' ? o.server.pid() : meiliPid!,
      at: Math.round(killedAt - o.t0),
      recoveredMs: null,
      how: '',
    };
    if (which === 'api') {
      const at = await restart();
      ev.recoveredMs = at === null ? null : Math.round(at - killedAt);
      ev.how = at === null ? `restart failed` : 'restarted by the harness';
    } else {
      try {
        process.kill(meiliPid!, 'SIGKILL');
      } catch {
        // already gone
      }
      const ms = await waitHealthy(o.server.base, o.recoveryMs, () => o.server.alive());
      if (ms !== null) {
        ev.recoveredMs = Math.round(ms);
        ev.how = 'by itself';
      } else {
        // Not back in time (or kensaku died with it): restart the API so the run can go on, and say so.
        const died = !o.server.alive();
        const at = await restart();
        ev.how = `${died ? 'kensaku exited' : `not healthy within ${o.recoveryMs / 1000} s`}; harness restarted kensaku${at === null ? ' (failed)' : ''}`;
      }
    }
    const healthyAt = performance.now();
    o.outages.close(w, healthyAt);
    lastHealthy = healthyAt - o.t0;
    events.push(ev);
    log(
      `chaos ${ev.n}/${o.kills}: killed ${ev.target} (pid ${ev.pid}) at ${(ev.at / 1000).toFixed(1)} s; ${ev.recoveredMs === null ? '' : `healthy after ${(ev.recoveredMs / 1000).toFixed(1)} s, `}${ev.how}`,
    );
  }
  return { events, skipped: o.kills - events.length, fatal };
}
