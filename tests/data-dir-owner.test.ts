import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { claimDataDir, ownerFile, readOwner } from '../store/data-dir-owner.ts';
import { findMeiliBinary } from '../store/meili-binary.ts';
import { startMeilisearch } from '../store/meili-process.ts';
import { freePort, killAll, spawnChild, startKensaku, type KensakuServer } from '../tools/lib/processes.ts';
import { meiliPids, waitFor } from './helpers/process.ts';
import { MODEL_DIR, ROOT } from './helpers/service.ts';

const dataDir = mkdtempSync(path.join(inject('tmpRoot'), 'owner-'));
const dbPath = path.join(dataDir, 'meili', 'data.ms');
const env = {
  DATA_DIR: dataDir,
  INDEX_NAME: 'owned',
  EMBED_MODEL_DIR: MODEL_DIR,
  EMBED_DOWNLOAD: 'off',
  DEMO_CORPUS: 'off',
  LOG_LEVEL: 'warn',
};
const bin = path.join(ROOT, 'bin', 'kensaku.js');

// The process table, sampled all through the file: never two Meilisearch processes on the folder's database.
let samples = 0;
let most = 0;
const sampler = setInterval(() => {
  samples++;
  most = Math.max(most, meiliPids(dbPath).length);
}, 25);

afterAll(() => {
  clearInterval(sampler);
  killAll();
  for (const pid of meiliPids(dbPath)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

type Hit = Record<string, unknown>;
async function search(base: string, q: string): Promise<Hit[]> {
  const res = await fetch(`${base}/search?mode=keyword&q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { hits: Hit[] }).hits;
}

/** `kensaku <args>` to its end; its exit code and output. */
async function run(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawnChild({
    name: `kensaku ${args.join(' ')}`,
    args: [bin, ...args],
    env: { ...env, PORT: String(await freePort()) },
  });
  const { code } = await child.exited;
  return { code, output: child.output() };
}

function sourceFile(name: string, text: string): string {
  const dir = mkdtempSync(path.join(inject('tmpRoot'), 'owner-docs-'));
  const file = path.join(dir, `${name}.txt`);
  writeFileSync(file, text);
  return file;
}

const FIRST = '所有者確認の第一文書は、瀬戸内の灯台守について記した記録である。';
const SECOND = '所有者確認の第二文書は、北陸の漆器職人について記した記録である。';

describe('one owner per data folder', () => {
  let owner: KensakuServer;

  it('`index` beside a running `serve` uses its Meilisearch: the document is searchable, and one Meilisearch ran', async () => {
    owner = await startKensaku({ env });
    const ownerMeili = meiliPids(dbPath);
    expect(ownerMeili).toHaveLength(1);
    // The owner's record and the key it points to are the user's alone.
    expect(readOwner(dataDir)).toMatchObject({
      pid: owner.pid,
      command: 'serve',
      url: expect.stringMatching(/^http:/),
    });
    expect(statSync(ownerFile(dataDir)).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dataDir, 'meili-master-key')).mode & 0o777).toBe(0o600);

    const indexed = await run(['index', sourceFile('first', FIRST)]);
    expect(indexed.code, indexed.output).toBe(0);
    expect((await search(owner.base, '灯台守')).length).toBeGreaterThan(0);
    expect(meiliPids(dbPath)).toEqual(ownerMeili);
    expect(readOwner(dataDir)?.pid).toBe(owner.pid); // the client left the owner's record alone
  });

  it('a second `serve` on the folder refuses in one line naming the owner, and the first keeps serving', async () => {
    const second = await run(['serve']);
    expect(second.code).toBe(1);
    const lines = second.output.trim().split('\n');
    expect(lines.at(-1)).toMatch(new RegExp(`^kensaku: DATA_DIR=.* is in use by kensaku serve \\(pid ${owner.pid}\\)`));
    expect(second.output).not.toMatch(/^\s+at /m); // no stack trace
    expect(meiliPids(dbPath)).toHaveLength(1);
    expect((await search(owner.base, '灯台守')).length).toBeGreaterThan(0);
  });

  it('after kill -9 of the owner, a new `serve` takes the folder over, its documents all there', async () => {
    const [oldMeili] = meiliPids(dbPath);
    await owner.kill();
    // The owner's record stays behind, naming a dead process: stale, so it must not block the next start.
    expect(readOwner(dataDir)?.pid).toBe(owner.pid);
    const next = await startKensaku({ env });
    expect(meiliPids(dbPath)).not.toContain(oldMeili);
    expect(readOwner(dataDir)?.pid).toBe(next.pid);
    expect((await search(next.base, '灯台守')).length).toBeGreaterThan(0);
    const indexed = await run(['index', sourceFile('second', SECOND)]);
    expect(indexed.code, indexed.output).toBe(0);
    expect((await search(next.base, '漆器職人')).length).toBeGreaterThan(0);
    expect((await next.stop()).code).toBe(0);
    // A clean stop leaves neither its Meilisearch nor its record.
    await waitFor('the Meilisearch to go', async () => (meiliPids(dbPath).length === 0 ? true : undefined), 30_000);
    expect(readOwner(dataDir)).toBeNull();
  });

  it("stops a Meilisearch left running on the folder's files before starting its own", async () => {
    // What a dead owner leaves when its child outlives it: a Meilisearch on the files and no live owner.
    const binary = await findMeiliBinary({ dataDir });
    const orphan = await startMeilisearch({ binary: binary.path, dataDir });
    expect(meiliPids(dbPath)).toEqual([orphan.pid]);
    const next = await startKensaku({ env });
    expect(meiliPids(dbPath)).not.toContain(orphan.pid);
    expect(await orphan.exited).toBeTruthy();
    expect((await search(next.base, '漆器職人')).length).toBeGreaterThan(0);
    expect((await next.stop()).code).toBe(0);
  });

  it('takes over a record whose pid now belongs to another process (same pid, other start time)', async () => {
    writeFileSync(ownerFile(dataDir), JSON.stringify({ pid: process.pid, startTime: '1', command: 'serve' }), {
      mode: 0o600,
    });
    const claim = await claimDataDir(dataDir, 'test');
    expect(claim.claimed).toBe(true);
    if (claim.claimed) claim.release();
    expect(readOwner(dataDir)).toBeNull();
  });

  it('gives a stale record to exactly one of several processes claiming it at once', async () => {
    const dir = mkdtempSync(path.join(inject('tmpRoot'), 'owner-race-'));
    writeFileSync(ownerFile(dir), JSON.stringify({ pid: 2 ** 22 + 1, startTime: '1', command: 'serve' }));
    // Each claimant holds what it won for a second, so a late one sees a live owner, not a released record.
    const script = `const { claimDataDir } = await import(${JSON.stringify(path.join(ROOT, 'store/data-dir-owner.ts'))});
      const c = await claimDataDir(${JSON.stringify(dir)}, 'race');
      console.log(c.claimed ? 'claimed' : 'refused');
      await new Promise((r) => setTimeout(r, 1000));
      if (c.claimed) c.release();`;
    const children = Array.from({ length: 6 }, (_, i) =>
      spawnChild({ name: `claimant ${i}`, args: ['--import', 'tsx', '--input-type=module', '-e', script], env: {} }),
    );
    await Promise.all(children.map((c) => c.exited));
    const said = children.map((c) => c.output().trim()).sort();
    expect(said).toEqual(['claimed', 'refused', 'refused', 'refused', 'refused', 'refused']);
    expect(readOwner(dir)).toBeNull();
  });

  it('saw one Meilisearch at most on the folder at every sample', () => {
    expect(samples).toBeGreaterThan(100);
    expect(most).toBe(1);
  });
});
