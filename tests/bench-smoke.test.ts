// `npm run bench` at a tiny size for the sections a real site's questions rest on: the Zipf replay (kensaku and the
// peer as child processes, query-vector cache on) and the one-node growth (its own Meilisearch and API process).
// Numbers are not asserted (speed belongs to the bench); what is: every request answered, the cache on for both
// servers, every size reached with its memory read, and a clean exit.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { finished } from './helpers/process.ts';
import { ROOT } from './helpers/service.ts';

describe('npm run bench --only zipf,growth (tiny)', () => {
  it('replays a Zipf stream against both servers and grows one node, reporting every row', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'tools/bench/run.ts',
        '--only',
        'zipf,growth',
        '--quick',
        '--docs',
        '20',
        '--sizes',
        '300,600',
      ],
      { cwd: ROOT, env: { ...process.env, MEILI_URL: '', MEILI_MASTER_KEY: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const { code, stdout, stderr } = await finished(child);
    const context = `stdout:\n${stdout}\nstderr:\n${stderr.slice(-3000)}`;
    expect(code, context).toBe(0);
    expect(stdout, context).not.toMatch(/FAILED/);
    const file = /^JSON: (\S+)$/m.exec(stdout)?.[1];
    expect(file, context).toBeTruthy();
    const json = JSON.parse(readFileSync(path.join(ROOT, file!), 'utf8'));

    const zipf = json.zipf;
    expect(zipf.cacheSize).toBeGreaterThan(0);
    for (const target of ['hybrid', 'peer']) {
      const rows = zipf.rows.filter((r: { target: string }) => r.target === target);
      expect(rows.map((r: { concurrency: number }) => r.concurrency)).toEqual([1, 8, 32]);
      for (const r of rows) {
        expect(r.ok, `${target} c=${r.concurrency}`).toBe(r.requests);
        expect(r.non2xx + r.errors).toBe(0);
      }
      // The stream repeats its head, and both servers answer repeats from the query cache.
      const hits = rows.reduce((s: number, r: { suspectedLruHits?: number }) => s + (r.suspectedLruHits ?? 0), 0);
      expect(hits, target).toBeGreaterThan(0);
    }
    // The stream goes on one request at a time: kensaku answers its repeats from the response cache, and both
    // servers embed the queries first asked there.
    expect(zipf.classes.hybrid.hit.n).toBeGreaterThan(0);
    expect(zipf.classes.hybrid.novel.n).toBeGreaterThan(0);
    // Two spellings of one query share a cached response; the peer embeds each.
    expect(zipf.classes.hybrid.novel.n).toBeLessThanOrEqual(zipf.classes.peer.novel.n);
    expect(zipf.classes.peer.hit).toBeUndefined();
    expect(zipf.bound.novelShare).toBeGreaterThan(0);

    const rows = json.growth.rows;
    expect(rows.map((r: { targetChunks: number }) => r.targetChunks)).toEqual([300, 600]);
    for (const r of rows) {
      expect(r.partial).toBe(false);
      expect(r.chunks).toBeGreaterThanOrEqual(r.targetChunks);
      expect(r.apiPeakMiB).toBeGreaterThan(0);
      expect(r.meiliPeakMiB).toBeGreaterThan(0);
      expect(r.latency['hybrid c=1'].ok).toBeGreaterThan(0);
    }
  }, 600_000);
});
