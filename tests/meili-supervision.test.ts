import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findMeiliBinary } from '../store/meili-binary.ts';
import { startMeilisearch, type MeiliProcess } from '../store/meili-process.ts';
import {
  superviseMeilisearch,
  supervisorDefaults,
  type SupervisedMeilisearch,
  type SupervisorEvent,
} from '../store/meili-supervisor.ts';
import { startKensaku } from '../tools/lib/processes.ts';
import { freePort, meiliPids, waitFor } from './helpers/process.ts';
import { indexViaApi, MODEL_DIR, SAMPLE_PATH, startTestService, type TestService } from './helpers/service.ts';

const DEMO_DOC = encodeURIComponent('corpus/japan-us-foreign-ministers-2014-02-07.txt');
const dataDir = mkdtempSync(path.join(inject('tmpRoot'), 'supervise-'));
let child: ChildProcess | undefined;
let logs = '';
let base = '';

afterAll(() => {
  child?.kill('SIGKILL');
  for (const pid of meiliPids(dataDir)) {
    try {
      process.kill(pid, 'SIGCONT');
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

type Hit = { chunkId: string; explain: { keyword: { score: number } | null } };
const firstHit = async (q: string, mode: string): Promise<Hit> => {
  const res = await fetch(`${base}/search?mode=${mode}&q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { hits: Hit[] }).hits[0];
};
const hits = async () => ({
  keyword: await firstHit('普天間', 'keyword'),
  hybrid: await firstHit('沖縄の米軍基地', 'hybrid'),
});
const healthStatus = async () => (await fetch(`${base}/health`, { signal: AbortSignal.timeout(60_000) })).status;
const restartsMetric = async () =>
  /^kensaku_meilisearch_restarts_total (\d+)$/m.exec(await (await fetch(`${base}/metrics`)).text())?.[1];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * What a supervisor would take to restart a dead Meilisearch: its first restart comes initialBackoffMs after the
 * exit, and a health probe every healthIntervalMs. Watching this long shows that none comes.
 */
const RESTART_WINDOW_MS = supervisorDefaults.initialBackoffMs + 2 * supervisorDefaults.healthIntervalMs;
/** The one Meilisearch of our data dir, once it is a different process from `not`. */
const newMeiliPid = (not: number) =>
  waitFor(
    `a new meilisearch (not ${not})`,
    async () => {
      const pids = meiliPids(dataDir);
      return pids.length === 1 && pids[0] !== not ? pids[0] : undefined;
    },
    60_000,
  );

describe('the embedded Meilisearch under supervision', () => {
  let before: Awaited<ReturnType<typeof hits>>;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // No MEILI_URL: it starts and supervises its own. No ADMIN_KEY on loopback: /metrics is open.
    const server = await startKensaku({
      port,
      env: {
        DATA_DIR: dataDir,
        EMBED_MODEL_DIR: MODEL_DIR,
        EMBED_DOWNLOAD: 'off',
        DEMO_CORPUS: 'on',
        LOG_LEVEL: 'info',
        // Every search goes to Meilisearch: a repeat answered from memory would say nothing about the restarted one.
        SEARCH_CACHE_MB: '0',
      },
      onLine: (line) => (logs += `${line}\n`),
    });
    child = server.process;
    await waitFor('demo corpus indexed', async () =>
      (await fetch(`${base}/documents/${DEMO_DOC}`)).ok ? true : undefined,
    );
    before = await hits();
    expect(before.keyword.explain.keyword).not.toBeNull();
  });

  it('killed with -9 while idle: /health says unavailable, then it is back with the same data within 10 s', async () => {
    const [pid] = meiliPids(dataDir);
    expect(meiliPids(dataDir)).toHaveLength(1);
    const killedAt = performance.now();
    process.kill(pid, 'SIGKILL');
    // Meanwhile it answers 503, as it did without supervision (the restart waits its backoff first).
    let sawDown = false;
    let back = 0;
    let searchWhileDown: { status: number; code?: string } | undefined;
    while (!back && performance.now() - killedAt < 15_000) {
      const status = await healthStatus();
      if (status === 503 && !sawDown) {
        sawDown = true;
        const res = await fetch(`${base}/search?mode=keyword&q=${encodeURIComponent('普天間')}`);
        searchWhileDown = {
          status: res.status,
          code: ((await res.json()) as { error?: { code: string } }).error?.code,
        };
      } else if (status === 200 && sawDown) back = performance.now() - killedAt;
      await sleep(10);
    }
    expect(sawDown).toBe(true);
    expect(searchWhileDown).toEqual({ status: 503, code: 'meilisearch_unavailable' });
    console.log(`recovered ${Math.round(back)} ms after kill -9`);
    expect(back).toBeGreaterThan(0);
    expect(back).toBeLessThan(10_000);
    expect(await newMeiliPid(pid)).not.toBe(pid);
    const after = await hits();
    expect(after.keyword.chunkId).toBe(before.keyword.chunkId);
    expect(after.keyword.explain.keyword!.score).toBe(before.keyword.explain.keyword!.score);
    expect(after.hybrid.chunkId).toBe(before.hybrid.chunkId);
    expect(await restartsMetric()).toBe('1');
    expect(logs).toMatch(/"msg":"meilisearch restarted"/);
  });

  it('frozen with SIGSTOP: it stops answering, is SIGKILLed and restarted with the same data', async () => {
    const [pid] = meiliPids(dataDir);
    const frozenAt = performance.now();
    process.kill(pid, 'SIGSTOP');
    const next = await newMeiliPid(pid);
    await waitFor('health ok again', async () => ((await healthStatus()) === 200 ? true : undefined), 30_000);
    console.log(`restarted ${Math.round(performance.now() - frozenAt)} ms after SIGSTOP`);
    expect(next).not.toBe(pid);
    // Killed, not just left behind: a stopped process would still be in /proc.
    expect(existsSync(`/proc/${pid}`)).toBe(false);
    const after = await hits();
    expect(after.keyword.chunkId).toBe(before.keyword.chunkId);
    expect(after.keyword.explain.keyword!.score).toBe(before.keyword.explain.keyword!.score);
    expect(after.hybrid.chunkId).toBe(before.hybrid.chunkId);
    expect(await restartsMetric()).toBe('2');
    expect(logs).toMatch(/"msg":"meilisearch stopped answering; killing it to restart"/);
  });

  it('SIGTERM stops kensaku with 0 and its Meilisearch for good', async () => {
    child!.kill('SIGTERM');
    const code = await new Promise((r) => child!.once('exit', r));
    expect(code).toBe(0);
    expect(meiliPids(dataDir)).toEqual([]);
    // Nothing restarts it after our own stop.
    await sleep(RESTART_WINDOW_MS);
    expect(meiliPids(dataDir)).toEqual([]);
  });
});

describe('a Meilisearch given by MEILI_URL', () => {
  let meili: MeiliProcess | undefined;
  let svc: TestService | undefined;
  const extDir = mkdtempSync(path.join(inject('tmpRoot'), 'external-'));

  afterAll(async () => {
    await svc?.close().catch(() => undefined);
    await meili?.stop();
    for (const pid of meiliPids(extDir)) process.kill(pid, 'SIGKILL');
    rmSync(extDir, { recursive: true, force: true });
  });

  it('is not restarted by kensaku, and is used again once it answers', async () => {
    const binary = (await findMeiliBinary({ dataDir: extDir })).path;
    meili = await startMeilisearch({ binary, dataDir: extDir });
    svc = await startTestService(
      // SEARCH_CACHE_MB=0: every search goes to Meilisearch, not to the response cache.
      { MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey, SEARCH_CACHE_MB: '0' },
      { embeddings: false },
    );
    expect(
      (await indexViaApi(svc.app, { documents: [{ id: 'sample', text: readFileSync(SAMPLE_PATH, 'utf8') }] })).status,
    ).toBe('succeeded');
    const search = async () => svc!.app.request(`/search?mode=keyword&q=${encodeURIComponent('普天間')}`);
    const hit = ((await (await search()).json()) as { hits: Hit[] }).hits[0];

    await meili.kill();
    expect((await svc.app.request('/health')).status).toBe(503);
    expect((await search()).status).toBe(503);
    await sleep(RESTART_WINDOW_MS);
    expect(meiliPids(extDir)).toEqual([]);
    expect(svc.core.meili.restarts()).toBe(0);

    // Its operator brings it back on the same address.
    meili = await startMeilisearch({ binary, dataDir: extDir, port: meili.port });
    expect((await svc.app.request('/health')).status).toBe(200);
    const again = ((await (await search()).json()) as { hits: Hit[] }).hits[0];
    expect(again.chunkId).toBe(hit.chunkId);
    expect(again.explain.keyword!.score).toBe(hit.explain.keyword!.score);
  });
});

describe('a restart whose port someone else holds', () => {
  const dir = mkdtempSync(path.join(inject('tmpRoot'), 'port-taken-'));
  let supervised: SupervisedMeilisearch | undefined;
  let blocker: Server | undefined;

  afterAll(async () => {
    blocker?.close();
    await supervised?.stop();
    for (const pid of meiliPids(dir)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('is retried with backoff, each failure reported, and succeeds on the same URL once the port is free', async () => {
    const events: SupervisorEvent[] = [];
    supervised = await superviseMeilisearch(
      { binary: (await findMeiliBinary({ dataDir: dir })).path, dataDir: dir },
      { onEvent: (e) => events.push(e) },
    );
    const { port } = new URL(supervised.url);
    const pid = supervised.pid()!;
    process.kill(pid, 'SIGKILL');
    // Take the port as soon as the dead process lets go of it, before the 100 ms backoff ends.
    const bind = () =>
      new Promise<Server | undefined>((resolve) => {
        // Connections are dropped at once, or close() would wait for the starts' health probes to give up.
        const server = createServer((socket) => socket.destroy());
        server.once('error', () => resolve(undefined));
        server.listen(Number(port), '127.0.0.1', () => resolve(server));
      });
    while (!(blocker = await bind())) await sleep(5);
    await waitFor(
      'two failed restarts',
      async () => (events.filter((e) => e.type === 'restart_failed').length >= 2 ? true : undefined),
      30_000,
    );
    expect(supervised.pid()).toBeUndefined();
    const failed = events.filter(
      (e): e is Extract<SupervisorEvent, { type: 'restart_failed' }> => e.type === 'restart_failed',
    );
    expect(failed[0]).toMatchObject({ port: Number(port), attempt: 1 });
    expect(failed[1].retryInMs).toBeGreaterThan(failed[0].retryInMs);
    expect(readFileSync(path.join(dir, 'meili', 'meilisearch.log'), 'utf8')).toMatch(/address already in use/i);

    await new Promise((r) => blocker!.close(r));
    blocker = undefined;
    await waitFor('restarted', async () => (supervised!.pid() ? true : undefined), 30_000);
    expect(supervised.restarts()).toBe(1);
    expect((await fetch(`${supervised.url}/health`)).ok).toBe(true);
  });
});
