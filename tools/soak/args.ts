// Flags of `npm run soak`.
import { intFlag, parseFlags } from '../lib/args.ts';

export interface SoakOptions {
  clients: number;
  /** Seconds of load (chaos mode keeps going past it until every kill point is done, bounded). */
  duration: number;
  /** Soak this running server instead of starting one (loopback only; no chaos). */
  url: string | null;
  /** A --url server's ADMIN_KEY: writes, deletes, task polls and checks use it; searches a scoped key it mints. */
  key: string | null;
  chaos: boolean;
  kills: number;
  /** Seconds to wait for /health after a kill before calling it not recovered. */
  recoverySeconds: number;
  /** Seconds to wait at the end for acknowledged tasks to finish. */
  settleSeconds: number;
  /** Share of requests that are writes or deletes (0..1). */
  writeShare: number;
  seed: number;
  keep: boolean;
  json: boolean;
}

export const USAGE = `npm run soak -- [--clients 50] [--duration 60 (s)] [--chaos [--kills 20] [--recovery 15 (s)]]
                 [--url http://127.0.0.1:PORT [--key ADMIN_KEY]] [--settle 120 (s), 600 with --chaos] [--write-share 0.1] [--seed N] [--keep] [--no-json]`;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function parseSoakArgs(argv: string[]): SoakOptions | null {
  const f = parseFlags(argv, {
    clients: { type: 'string' },
    duration: { type: 'string' },
    url: { type: 'string' },
    key: { type: 'string' },
    chaos: { type: 'boolean' },
    kills: { type: 'string' },
    recovery: { type: 'string' },
    settle: { type: 'string' },
    'write-share': { type: 'string' },
    seed: { type: 'string' },
    keep: { type: 'boolean' },
    'no-json': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (f.help) return null;
  const chaos = f.chaos === true;
  const kills = intFlag(f.kills, 20, 'kills');
  // A kill costs a restart of 10–25 s on a loaded 2-core machine: chaos runs default to 15 s per kill point.
  const duration = intFlag(f.duration, chaos ? Math.max(60, kills * 15) : 60, 'duration');
  const url = typeof f.url === 'string' ? f.url.replace(/\/+$/, '') : null;
  if (url) {
    const host = new URL(url).hostname;
    if (!LOOPBACK.has(host))
      throw new Error(`--url must be a loopback address (got ${host}): all soak load stays on this machine`);
    if (chaos) throw new Error('--chaos needs a server the soak starts itself (it kills and restarts it); drop --url');
  }
  const writeShare = f['write-share'] === undefined ? 0.1 : Number(f['write-share']);
  if (!(writeShare >= 0 && writeShare <= 1))
    throw new Error(`--write-share must be between 0 and 1 (got ${String(f['write-share'])})`);
  return {
    clients: intFlag(f.clients, 50, 'clients'),
    duration,
    url,
    key: typeof f.key === 'string' ? f.key : null,
    chaos,
    kills,
    recoverySeconds: intFlag(f.recovery, 15, 'recovery'),
    // Each API kill pauses indexing while the next start loads the model, and one indexing worker (the server's, so
    // searches keep a core) embeds slower than 50 clients write: chaos runs end with a backlog to drain.
    settleSeconds: intFlag(f.settle, chaos ? 600 : 120, 'settle'),
    writeShare,
    seed: f.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : intFlag(f.seed, 1, 'seed'),
    keep: f.keep === true,
    json: f['no-json'] !== true,
  };
}
