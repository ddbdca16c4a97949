import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startKensaku, type KensakuServer } from '../tools/lib/processes.ts';
import { finished, freePort, meiliPids, runCli, waitFor } from './helpers/process.ts';
import { MODEL_DIR } from './helpers/service.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'kensaku-serve-'));
const children: KensakuServer[] = [];
afterAll(() => {
  for (const c of children) void c.kill();
  for (const pid of meiliPids(dataDir)) process.kill(pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function serve(port: number) {
  const server = await startKensaku({
    port,
    env: { DATA_DIR: dataDir, EMBED_MODEL_DIR: MODEL_DIR, DEMO_CORPUS: 'on', LOG_LEVEL: 'warn' },
  });
  children.push(server);
  return { child: server.process, base: server.base };
}

const firstHit = async (base: string) => {
  const res = (await (await fetch(`${base}/search?mode=keyword&q=${encodeURIComponent('普天間')}`)).json()) as {
    hits: { chunkId: string; text: string; explain: { keyword: { score: number } | null } }[];
  };
  return res.hits[0];
};

describe('kensaku serve as a process', () => {
  it('starts its own Meilisearch, indexes the demo corpus, leaves no orphan when killed, and serves the same data after a restart', async () => {
    const { child, base } = await serve(await freePort());
    const health = (await (await fetch(`${base}/health`)).json()) as Record<string, any>;
    expect(health.meilisearch.version).toMatch(/^1\.21\./);
    expect(statSync(path.join(dataDir, 'meili-master-key')).mode & 0o777).toBe(0o600);
    await waitFor('demo corpus indexed', async () =>
      (await fetch(`${base}/documents/${encodeURIComponent('corpus/japan-us-foreign-ministers-2014-02-07.txt')}`)).ok
        ? true
        : undefined,
    );
    const hit = await firstHit(base);
    expect(hit.text).toContain('普天間問題に関し');
    expect(meiliPids(dataDir)).toHaveLength(1);
    // Capped: Meilisearch's default indexing memory (2/3 of the RAM) made every write cost it more CPU.
    const meiliArgs = readFileSync(`/proc/${meiliPids(dataDir)[0]}/cmdline`, 'utf8').split('\0');
    expect(meiliArgs[meiliArgs.indexOf('--max-indexing-memory') + 1]).toBe('1GiB');

    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    await waitFor(
      'meilisearch to stop with its parent',
      async () => (meiliPids(dataDir).length === 0 ? true : undefined),
      10_000,
    );

    const again = await serve(await freePort());
    // The first query after a restart is ranked like the one before it (no cold-start cutoff).
    const after = await firstHit(again.base);
    expect(after.chunkId).toBe(hit.chunkId);
    expect(after.explain.keyword!.score).toBe(hit.explain.keyword!.score);
    again.child.kill('SIGTERM');
    const code = await new Promise((r) => again.child.once('exit', r));
    expect(code).toBe(0);
    expect(meiliPids(dataDir)).toEqual([]);
  });

  it('exits with a message naming a bad variable', async () => {
    const { code, stderr } = await finished(runCli(['serve'], { PORT: 'eighty', DATA_DIR: dataDir }));
    expect(code).toBe(1);
    expect(stderr).toContain('PORT');
  });

  it('refuses to listen beyond loopback without keys', async () => {
    const { code, stderr } = await finished(runCli(['serve'], { HOST: '0.0.0.0', DATA_DIR: dataDir }));
    expect(code).toBe(1);
    expect(stderr).toMatch(/ADMIN_KEY/);
    expect(meiliPids(dataDir)).toEqual([]);
  });

  it('refuses to listen beyond loopback with a key short enough to guess', async () => {
    const env = { HOST: '0.0.0.0', DATA_DIR: dataDir, ADMIN_KEY: 'admin', SEARCH_KEY: 'a-long-enough-search-key' };
    const { code, stderr } = await finished(runCli(['serve'], env));
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/ADMIN_KEY must be at least 16 characters/);
    expect(stderr).not.toMatch(/SEARCH_KEY/);
    expect(meiliPids(dataDir)).toEqual([]);
  });
});
