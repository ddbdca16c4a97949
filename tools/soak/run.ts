// `npm run soak`: many clients searching, writing and deleting at once against one kensaku, then a check that every
// acknowledged write is there (once) and every acknowledged delete is gone. `--chaos` kills the API or its
// Meilisearch with SIGKILL at random moments meanwhile. A benchmark, not a timed test: it prints tables and a
// verdict, writes tools/bench/results/soak-<timestamp>.json, and exits 1 on any loss, failed task or 5xx.
//
//   npm run soak [-- --clients 50] [--duration 60] [--chaos [--kills 20]] [--url http://127.0.0.1:PORT] [--keep]
//
// Code: tools/soak/ (args, server, keys, http, workload, ledger, chaos, verify, stats, report). All load goes to
// 127.0.0.1; every loop is bounded in count and time.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sleep } from '../lib/format.ts';
import { log, print } from '../lib/log.ts';
import { loadAverage } from '../lib/proc.ts';
import { writeJson } from '../lib/results.ts';
import { freePort } from '../../store/free-port.ts';
import { parseSoakArgs, USAGE, type SoakOptions } from './args.ts';
import { NO_OUTAGES, Outages, runChaos, type ChaosResult } from './chaos.ts';
import { createClient, json, type Client } from './http.ts';
import { Ledger } from './ledger.ts';
import { kindSummary, render, verdictOf } from './report.ts';
import { mintSearchKey, newAdminKey, revokeKey, SEARCH_KEY_PER_MINUTE, type SearchKey } from './keys.ts';
import { health, isHealthy, startOwnedServer, waitHealthy, type OwnedServer } from './server.ts';
import { KINDS, Stats, type Kind } from './stats.ts';
import { settle, verify } from './verify.ts';
import { rng } from '../lib/jsquad.ts';
import { loadQueries, marker, runClient, runConfirmer, soakDocument } from './workload.ts';

const DEMO_DOC = 'corpus/japan-us-foreign-ministers-2014-02-07.txt';

async function waitFor(what: string, timeoutMs: number, probe: () => Promise<boolean>): Promise<void> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (await probe()) return;
    await sleep(250);
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
}

/**
 * One write before the load: its marker must be found by a keyword search alone (Meilisearch's Japanese segmentation
 * could split a mixed token), and with the documentId filter the verification uses. It stays in the ledger.
 */
async function preflight(
  client: Client,
  stats: Stats,
  ledger: Ledger,
  runId: string,
  rand: () => number,
  t0: number,
): Promise<void> {
  const id = `soak-${runId}-probe`;
  const mark = marker(rand);
  const r = await client.request('POST', '/documents', soakDocument(id, mark, 0, rand));
  stats.record('write', r, false);
  const taskId = json<{ taskId?: string }>(r)?.taskId;
  if (r.status !== 202 || !taskId)
    throw new Error(`preflight write answered ${r.status || r.error}: ${r.body.slice(0, 300)}`);
  const entry = ledger.addWrite(id, mark, taskId, r.end - t0, false);
  await waitFor('the preflight write task', 120_000, async () => {
    await ledger.poll(client, stats, NO_OUTAGES, 8);
    return entry.task !== 'pending';
  });
  if (entry.task !== 'succeeded')
    throw new Error(`preflight write task ${entry.task}: ${JSON.stringify(entry.errors)}`);
  const plain = json<{ hits: Array<{ documentId: string }> }>(
    await client.request('GET', `/search?q=${mark}&mode=keyword&limit=5`),
  );
  const filter = encodeURIComponent(`documentId = ${JSON.stringify(id)}`);
  const filtered = json<{ hits: Array<{ documentId: string }> }>(
    await client.request('GET', `/search?q=${mark}&mode=keyword&limit=100&filter=${filter}`),
  );
  if (plain?.hits[0]?.documentId !== id || !filtered?.hits.length) {
    throw new Error(
      `marker ${mark} is not findable by keyword search (plain: ${JSON.stringify(plain?.hits?.slice(0, 2))}, filtered: ${filtered?.hits?.length})`,
    );
  }
  log(`preflight: marker ${mark} found by keyword search (${filtered.hits.length} chunks)`);
}

async function main(o: SoakOptions): Promise<number> {
  const runId = randomBytes(3).toString('hex');
  const rand = rng(o.seed);
  const loadBefore = loadAverage();
  let server: OwnedServer | null = null;
  let dataDir: string | null = null;
  const cleanup = () => {
    if (dataDir && !o.keep) rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('exit', () => {
    try {
      cleanup();
    } catch {
      // a dying Meilisearch may still be writing
    }
  });
  try {
    let base = o.url;
    // --url: the key given is taken for the admin key (writes, deletes and tasks need it on a server with keys).
    const adminKey = o.url ? o.key : newAdminKey();
    if (!base) {
      dataDir = mkdtempSync(path.join(os.tmpdir(), 'kensaku-soak-'));
      const port = await freePort();
      log(`starting kensaku on 127.0.0.1:${port}, DATA_DIR ${dataDir}`);
      server = await startOwnedServer(dataDir, port, 180_000, adminKey!);
      base = server.base;
    } else if (!isHealthy((await health(base))?.body)) {
      throw new Error(`${base}/health is not ok`);
    }
    const client = createClient(base, adminKey, o.clients + 8);
    let searchKey: SearchKey | null = null;
    try {
      searchKey = await mintSearchKey(client, runId);
    } catch (e) {
      // A --url server may refuse (--key is a search key): its searches then go with that key, as before.
      if (!o.url) throw e;
      log(`no scoped key for the searches (${(e as Error).message}); searching with --key`);
    }
    const searcher = createClient(base, searchKey?.key ?? o.key, o.clients + 8);
    // Reads that decide the verdict go with the admin key, never limited; without one, the scoped key (its own limit).
    const checker = adminKey || !searchKey ? client : searcher;
    const stats = new Stats();
    const ledger = new Ledger();
    const t0 = performance.now();
    if (server) {
      await waitFor(
        'the demo document',
        180_000,
        async () => (await client.request('GET', `/documents/${encodeURIComponent(DEMO_DOC)}`)).status === 200,
      );
      log('demo document indexed');
    }
    await preflight(client, stats, ledger, runId, rand, t0);

    const queries = loadQueries();
    const outages = o.chaos ? new Outages() : null;
    let stopped = false;
    let chaosDone = !o.chaos;
    const durationMs = o.duration * 1000;
    const loadStart = performance.now();
    log(
      `load: ${o.clients} clients for ${o.duration} s${o.chaos ? `, chaos with ${o.kills} kill points` : ''}; seed ${o.seed}; ${queries.length} queries`,
    );
    const ctx = {
      client,
      searcher,
      stats,
      ledger,
      outages: outages ?? NO_OUTAGES,
      queries,
      writeShare: o.writeShare,
      runId,
      rand,
      t0: loadStart,
      stop: () => stopped,
    };
    const clients = Array.from({ length: o.clients }, () => runClient(ctx));
    const confirmer = runConfirmer(ctx);
    // Kill points stop being scheduled at twice the duration plus a minute; the load stops once they are done.
    const chaos: Promise<ChaosResult | null> =
      o.chaos && server && outages
        ? runChaos({
            server,
            kills: o.kills,
            durationMs,
            recoveryMs: o.recoverySeconds * 1000,
            deadlineMs: durationMs * 2 + 60_000,
            rand: rng(o.seed + 1),
            t0: loadStart,
            outages,
            stopped: () => stopped,
          }).finally(() => (chaosDone = true))
        : Promise.resolve(null);
    const hardCapMs = durationMs * 2 + 60_000 + 240_000;
    let lastSaid = 0;
    while (!stopped) {
      const elapsed = performance.now() - loadStart;
      if ((elapsed >= durationMs && chaosDone) || elapsed >= hardCapMs) stopped = true;
      else if (server && !o.chaos && !server.alive()) {
        log('kensaku died during the load');
        stopped = true;
      } else {
        if (elapsed - lastSaid >= 10_000) {
          lastSaid = elapsed;
          log(
            `${Math.round(elapsed / 1000)} s: ${stats.total((s) => s.requests)} requests, ${ledger.writes.length} writes / ${ledger.deletes.length} deletes acknowledged, ${ledger.pendingCount} tasks pending`,
          );
        }
        await sleep(100);
      }
    }
    await Promise.all([...clients, confirmer]);
    const chaosResult = await chaos;
    const loadSeconds = (performance.now() - loadStart) / 1000;
    log(`load done after ${loadSeconds.toFixed(1)} s; ${ledger.pendingCount} tasks pending`);
    if (server && (await waitHealthy(base, 60_000, () => server!.alive())) === null) {
      // The verification needs a server: after a crash (chaos or not) start it again, and the verdict says so.
      if (!server.alive()) log('kensaku is down; starting it again for the verification');
      else log('kensaku not healthy; restarting it for the verification');
      await server.killApi();
      await server.restart();
    }
    const settleSeconds = await settle(client, stats, ledger, o.settleSeconds * 1000);
    log(`tasks settled in ${settleSeconds.toFixed(1)} s; verifying ${ledger.writes.length} documents`);
    const ready = async () => {
      if (base && (await waitHealthy(base, 60_000)) === null) log('kensaku still not healthy; checking anyway');
    };
    const verification = await verify(checker, ledger, settleSeconds, ready);
    if (searchKey) await revokeKey(client, searchKey);
    client.close();
    searcher.close();
    const facts = {
      chaos: o.chaos,
      loadSeconds,
      stats,
      ledger,
      verification,
      chaosResult,
      unexpectedExits: server?.unexpectedExits ?? [],
    };
    const verdict = verdictOf(facts);
    print(
      `\nsoak: ${o.clients} clients, ${o.duration} s${o.chaos ? `, chaos (${o.kills} kill points)` : ''}, seed ${o.seed}, ${o.url ? o.url : 'own kensaku (EMBED_QUERY_CACHE=0, DEMO_CORPUS=on, ADMIN_KEY set, default rate limits)'}${searchKey ? `; searches with a scoped key of ${SEARCH_KEY_PER_MINUTE}/min` : ''}`,
    );
    print(render(facts, verdict));
    if (o.json) {
      const file = writeJson(o.chaos ? 'soak-chaos' : 'soak', {
        kind: 'soak',
        date: new Date().toISOString(),
        node: process.version,
        args: process.argv.slice(2),
        options: { ...o, key: o.key ? '(set)' : null },
        loadAverage: { before: loadBefore, after: loadAverage() },
        loadSeconds,
        requests: Object.fromEntries(([...KINDS, 'task'] as Kind[]).map((k) => [k, kindSummary(stats, k)])),
        ledger: {
          writes: ledger.writes.length,
          deletes: ledger.deletes.length,
          ambiguousWrites: ledger.ambiguousWrites,
          delete404: ledger.delete404,
        },
        verification,
        chaos: chaosResult,
        unexpectedExits: facts.unexpectedExits,
        verdict,
      });
      print(`JSON: ${path.relative(process.cwd(), file)}`);
    }
    if (server && o.keep) print(`kept DATA_DIR ${dataDir} (server log: kensaku.log)`);
    return verdict.pass ? 0 : 1;
  } catch (e) {
    if (server) log(`kensaku output (last lines):\n${server.tail()}`);
    throw e;
  } finally {
    if (server) await server.stop();
    cleanup();
  }
}

process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
let options: SoakOptions | null;
try {
  options = parseSoakArgs(process.argv.slice(2));
} catch (e) {
  console.error((e as Error).message);
  console.error(USAGE);
  process.exit(2);
}
if (!options) {
  console.log(USAGE);
  process.exit(0);
}
main(options).then(
  (code) => process.exit(code),
  (e) => {
    console.error(`soak failed: ${(e as Error).stack ?? e}`);
    process.exit(2);
  },
);
