import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Meilisearch } from 'meilisearch';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { readOwner } from '../store/data-dir-owner.ts';
import { readMasterKey } from '../store/meili-process.ts';
import { jsquadDocs } from '../tools/lib/jsquad-index.ts';
import {
  embeddingsAvailable,
  freePort,
  killAll,
  spawnChild,
  startKensaku,
  type KensakuServer,
} from '../tools/lib/processes.ts';
import { meiliPids, waitFor } from './helpers/process.ts';
import { MODEL_DIR, ROOT } from './helpers/service.ts';

const tmp = (prefix: string) => mkdtempSync(path.join(inject('tmpRoot'), prefix));
const ADMIN = 'backup-admin-key';
const admin = { authorization: `Bearer ${ADMIN}` };
const INDEX = 'bk';
const base = (dataDir: string, extra: Record<string, string> = {}) => ({
  DATA_DIR: dataDir,
  INDEX_NAME: INDEX,
  ADMIN_KEY: ADMIN,
  EMBED_MODEL_DIR: MODEL_DIR,
  EMBED_DOWNLOAD: 'off',
  DEMO_CORPUS: 'off',
  LOG_LEVEL: 'warn',
  ...extra,
});
const bin = path.join(ROOT, 'bin', 'kensaku.js');
const dirs: string[] = [];
const running = new Set<KensakuServer>();

/** `kensaku serve`, once its model is loaded (hybrid top-10s are compared); stopped after its test if it failed. */
async function serve(env: Record<string, string>): Promise<KensakuServer> {
  const server = await startKensaku({ env, timeoutMs: 120_000, ready: embeddingsAvailable });
  running.add(server);
  return server;
}

async function stop(server: KensakuServer): Promise<number | null> {
  running.delete(server);
  return (await server.stop(60_000)).code;
}

/** The writers and searchers of the first test run while this is set; a failed test's are stopped with its servers. */
let churning = false;

afterEach(async () => {
  churning = false;
  for (const server of running) await stop(server);
});

afterAll(() => {
  killAll();
  for (const dir of dirs) {
    for (const pid of meiliPids(dir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

/** `kensaku <args>` to its end: exit code, stdout, stderr (as `spawnChild` keeps them together: output). */
async function run(env: Record<string, string>, args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawnChild({
    name: `kensaku ${args.join(' ')}`,
    args: [bin, ...args],
    env: { ...env, PORT: String(await freePort()) },
  });
  const { code } = await child.exited;
  return { code, output: child.output() };
}

async function api(server: KensakuServer, p: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.base}${p}`, {
    ...init,
    headers: { ...admin, 'content-type': 'application/json', ...init.headers },
  });
}

async function taskDone(server: KensakuServer, id: string): Promise<Record<string, unknown>> {
  return waitFor(`task ${id}`, async () => {
    const task = (await (await api(server, `/tasks/${id}`)).json()) as Record<string, unknown>;
    return task.status === 'succeeded' || task.status === 'failed' ? task : undefined;
  });
}

async function index(server: KensakuServer, documents: unknown[]): Promise<string> {
  const res = await api(server, '/documents', { method: 'POST', body: JSON.stringify({ documents }) });
  expect(res.status).toBe(202);
  return ((await res.json()) as { taskId: string }).taskId;
}

/** The embedded Meilisearch of a data folder, through its owner's record and master key. */
function meiliOf(dataDir: string): Meilisearch {
  const owner = readOwner(dataDir);
  return new Meilisearch({ host: owner!.url!, apiKey: readMasterKey(dataDir)! });
}

const sha = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');

/**
 * Every document of the indexes that hold data (chunks with their vectors, records, meta: synonyms and embedder,
 * keys as stored, sources), each as a checksum by id; `keep` leaves documents out (those written during the backup).
 */
async function snapshot(
  client: Meilisearch,
  indexName: string,
  keep: (doc: Record<string, unknown>) => boolean = () => true,
) {
  const out: Record<string, Record<string, string>> = {};
  for (const suffix of ['', '_documents', '_meta', '_keys', '_sources', '_source_pages']) {
    const uid = indexName + suffix;
    const docs: Record<string, string> = {};
    const exists = await client.getIndex(uid).then(
      () => true,
      () => false,
    );
    if (!exists) continue;
    for (let offset = 0; ; offset += 1000) {
      const page = await client.index(uid).getDocuments({ limit: 1000, offset, retrieveVectors: suffix === '' });
      for (const d of page.results as Record<string, unknown>[]) if (keep(d)) docs[String(d.id)] = sha(d);
      if (page.results.length < 1000) break;
    }
    out[uid.slice(indexName.length) || 'chunks'] = docs;
  }
  return out;
}

const notChurn = (d: Record<string, unknown>) => !String(d.documentId ?? '').startsWith('churn-');

const QUERIES = ['東京', '日本の歴史', '大学', 'スポーツ選手', '音楽'];
/** Top-10 of each query among the base documents (churn left out by filter), keyword and hybrid. */
async function top10(server: KensakuServer, key = ADMIN): Promise<string[][]> {
  const out: string[][] = [];
  for (const q of QUERIES)
    for (const mode of ['keyword', 'hybrid']) {
      const res = await fetch(`${server.base}/search`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ q, mode, limit: 10, filter: 'tags = "base"' }),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { hits: { chunkId: string }[]; degraded?: unknown };
      out.push(body.hits.map((h) => h.chunkId));
    }
  return out;
}

describe('backup and restore', () => {
  const docs = jsquadDocs(40).map((d) => ({ id: d.id, title: d.title, text: d.text, tags: ['base'] }));
  const dataA = tmp('backup-a-');
  const dataB = tmp('backup-b-');
  const archives = tmp('backup-files-');
  dirs.push(dataA, dataB, archives);
  const archive = path.join(archives, 'one.ndjson.gz');
  let before: Awaited<ReturnType<typeof snapshot>>;
  let beforeTop: string[][];
  let scopedKey: string;
  let synonyms: unknown;
  const churnAcked: string[] = [];

  it('backs up with `kensaku backup` while writes and searches run, then restores into an empty data folder: everything as before, nothing re-embedded', async () => {
    const a = await serve(base(dataA));
    expect((await taskDone(a, await index(a, docs))).status).toBe('succeeded');
    const minted = await api(a, '/keys', {
      method: 'POST',
      body: JSON.stringify({ description: 'base only', filter: 'tags = "base"' }),
    });
    expect(minted.status).toBe(201);
    scopedKey = ((await minted.json()) as { key: string }).key;
    const put = await api(a, '/synonyms', {
      method: 'PUT',
      body: JSON.stringify({ sets: [['東京', 'とうきょう']], oneWay: { 大学: ['学府'] } }),
    });
    expect(put.status).toBe(200);
    synonyms = await (await api(a, '/synonyms')).json();
    before = await snapshot(meiliOf(dataA), INDEX);
    expect(Object.keys(before.chunks).length).toBeGreaterThanOrEqual(docs.length);
    expect(Object.keys(before._keys)).toHaveLength(1);
    beforeTop = await top10(a);

    // Writes and searches all through the backup.
    churning = true;
    let n = 0;
    let searches = 0;
    const churn = (async () => {
      while (churning) {
        const id = `churn-${n++}`;
        await index(a, [{ id, title: 'churn', text: `追加の文書その${n}。書き込みは止まらない。`, tags: ['churn'] }]);
        churnAcked.push(id);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const searching = (async () => {
      while (churning) {
        const res = await fetch(`${a.base}/search?q=${encodeURIComponent('東京')}`, { headers: admin });
        expect(res.status).toBe(200);
        searches++;
      }
    })();
    await waitFor('writes under way', () => (churnAcked.length >= 2 ? true : undefined));
    const ackedBeforeBackup = [...churnAcked];
    const backup = await run(base(dataA), ['backup', archive]);
    churning = false;
    await Promise.all([churn, searching]);
    expect(backup.code, backup.output).toBe(0);
    expect(backup.output).toMatch(/backed up \d+ documents to/);
    expect(searches).toBeGreaterThan(0);
    expect(await stop(a)).toBe(0);

    // The data folder is lost.
    rmSync(dataA, { recursive: true, force: true });
    // No model at all: a restore embeds nothing.
    const restored = await run(base(dataB, { EMBED_MODEL_DIR: path.join(archives, 'no-model') }), ['restore', archive]);
    expect(restored.code, restored.output).toBe(0);
    expect(restored.output).toMatch(/restored \d+ documents/);

    const b = await serve(base(dataB));
    // Writes enqueued before the backup and not yet run are in the archive's queue, with their payloads: they run now.
    const client = meiliOf(dataB);
    await waitFor('the restored queue to drain', async () => {
      const res = await client
        .index(`${INDEX}_tasks`)
        .search('', { filter: 'status IN [enqueued, processing]', limit: 0 });
      return res.estimatedTotalHits === 0 ? true : undefined;
    });
    expect(await snapshot(client, INDEX, notChurn)).toEqual(before);
    expect(await top10(b)).toEqual(beforeTop);
    expect(await top10(b, scopedKey)).toEqual(beforeTop);
    expect(await (await api(b, '/synonyms')).json()).toEqual(synonyms);
    // Every write acknowledged before the backup began is there, each document whole (its record and all its chunks).
    const records = (await client.index(`${INDEX}_documents`).getDocuments({ limit: 10_000 })).results as {
      documentId: string;
      chunkCount: number;
    }[];
    const present = new Set(records.map((r) => r.documentId));
    expect(ackedBeforeBackup.filter((id) => !present.has(id))).toEqual([]);
    for (const r of records.filter((r) => r.documentId.startsWith('churn-'))) {
      const chunks = await client.index(INDEX).getDocuments({ filter: `documentId = "${r.documentId}"`, limit: 100 });
      expect(chunks.total, r.documentId).toBe(r.chunkCount);
    }
    expect(await stop(b)).toBe(0);
  }, 300_000);

  it('refuses a truncated, a corrupted and a non-archive file, and a target that holds data, touching nothing', async () => {
    const env = base(dataB);
    const b = await serve(env);
    const client = meiliOf(dataB);
    const held = await snapshot(client, INDEX);
    const bytes = readFileSync(archive);
    const truncated = path.join(archives, 'truncated.ndjson.gz');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    // One byte changed inside the compressed data: gzip's CRC or the manifest's checksum catches it.
    const corrupted = path.join(archives, 'corrupted.ndjson.gz');
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(bytes.length / 2)] ^= 0x55;
    writeFileSync(corrupted, flipped);
    // Whole gzip, one document changed: only the manifest can tell.
    const altered = path.join(archives, 'altered.ndjson.gz');
    const lines = gunzipSync(bytes).toString('utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith('{"kind":"documents"'));
    const line = JSON.parse(lines[at]);
    line.documents[0].title = 'altered';
    lines[at] = JSON.stringify(line);
    writeFileSync(altered, gzipSync(lines.join('\n')));
    const notOne = path.join(archives, 'not-one.ndjson.gz');
    writeFileSync(notOne, gzipSync('{"hello":1}\n'));

    for (const [file, why] of [
      [truncated, /truncated/],
      [corrupted, /corrupt/],
      [altered, /corrupt/],
      [notOne, /no kensaku backup header/],
    ] as const) {
      const res = await run(env, ['restore', file]);
      expect(res.code, file).toBe(1);
      const line = res.output.trim().split('\n').at(-1)!;
      expect(line).toMatch(/^kensaku: .* is not a usable kensaku backup: /);
      expect(line).toMatch(why);
    }
    // A good archive over data already there: refused, the data kept.
    const over = await run(env, ['restore', archive]);
    expect(over.code).toBe(1);
    expect(over.output).toMatch(/already holds kensaku indexes/);
    expect(await snapshot(client, INDEX)).toEqual(held);
    expect(readOwner(dataB)?.pid).toBe(b.pid);
    expect(await stop(b)).toBe(0);
  }, 300_000);

  it('POST /backups runs as a task whose archive restores into an external Meilisearch under another INDEX_NAME', async () => {
    const env = base(dataB);
    const b = await serve(env);
    const res = await api(b, '/backups', { method: 'POST' });
    expect(res.status).toBe(202);
    const { taskId, file } = (await res.json()) as { taskId: string; file: string };
    expect(path.dirname(file)).toBe(path.join(dataB, 'backups'));
    const task = await taskDone(b, taskId);
    expect(task).toMatchObject({ status: 'succeeded', type: 'backup', file });
    expect(statSync(file).size).toBeGreaterThan(0);
    expect(existsSync(`${file}.partial`)).toBe(false);
    const listed = (await (await api(b, '/backups')).json()) as { backups: { file: string }[] };
    expect(listed.backups.map((x) => x.file)).toEqual([file]);
    const held = await snapshot(meiliOf(dataB), INDEX);
    const heldTop = await top10(b);
    expect(await stop(b)).toBe(0);

    const external = {
      ...base(tmp('backup-ext-')),
      MEILI_URL: inject('meiliUrl'),
      MEILI_MASTER_KEY: inject('meiliKey'),
      INDEX_NAME: `bk${process.pid}x${Date.now().toString(36)}`,
    };
    dirs.push(external.DATA_DIR);
    const restored = await run(external, ['restore', file]);
    expect(restored.code, restored.output).toBe(0);
    const client = new Meilisearch({ host: inject('meiliUrl'), apiKey: inject('meiliKey') });
    expect(await snapshot(client, external.INDEX_NAME)).toEqual(held);
    const c = await serve(external);
    expect(await top10(c)).toEqual(heldTop);
    expect(await stop(c)).toBe(0);
  }, 300_000);

  it('a scheduled backup (BACKUP_INTERVAL) is written to BACKUP_DIR, which keeps the newest BACKUP_KEEP', async () => {
    const dir = tmp('backup-sched-');
    dirs.push(dir);
    const env = base(dataB, { BACKUP_INTERVAL: '1s', BACKUP_KEEP: '2', BACKUP_DIR: dir });
    const b = await serve(env);
    const seen = new Set<string>();
    const kept = await waitFor(
      'four scheduled backups, two kept',
      async () => {
        const { backups } = (await (await api(b, '/backups')).json()) as { backups: { file: string }[] };
        for (const x of backups) seen.add(x.file);
        return seen.size >= 4 && backups.length === 2 ? backups.map((x) => x.file) : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 200 },
    );
    // The two kept are the newest made.
    expect(kept).toEqual([...seen].sort().reverse().slice(0, 2));
    expect(await stop(b)).toBe(0);
  }, 300_000);
  it('two servers on one Meilisearch enqueue scheduled backups one at a time: never two for one interval', async () => {
    const dir = tmp('backup-two-');
    dirs.push(dir);
    const shared = {
      MEILI_URL: inject('meiliUrl'),
      MEILI_MASTER_KEY: inject('meiliKey'),
      INDEX_NAME: `bk${process.pid}two${Date.now().toString(36)}`,
      BACKUP_INTERVAL: '2s',
      BACKUP_KEEP: '100',
      BACKUP_DIR: dir,
      // A short lease: idle holders are replaced often, the case where two processes could both think they hold it.
      TASK_LEASE_MS: '1000',
    };
    for (let i = 0; i < 2; i++) {
      const env = { ...base(tmp('backup-two-data-')), ...shared };
      dirs.push(env.DATA_DIR);
      running.add(await startKensaku({ env, timeoutMs: 120_000 }));
    }
    const names = await waitFor(
      'six scheduled backups',
      () => {
        const files = readdirSync(dir).filter((f) => f.endsWith('.ndjson.gz'));
        return files.length >= 6 ? files.sort() : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 200 },
    );
    // Each is enqueued once the newest archive is BACKUP_INTERVAL old, so consecutive ones are at least that apart.
    const at = names.map((n) =>
      Date.parse(
        n.replace(/^kensaku-backup-(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)(\d{3})Z.*$/, '$1-$2-$3T$4:$5:$6.$7Z'),
      ),
    );
    expect(at.every(Number.isFinite)).toBe(true);
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    expect(gaps.filter((g) => g < 2000)).toEqual([]);
    for (const server of [...running]) expect(await stop(server)).toBe(0);
  }, 300_000);
});
