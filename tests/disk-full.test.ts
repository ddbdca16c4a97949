import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statfsSync, writeSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withCache } from '../embeddings/cached-embedder.ts';
import { diskCacheKey, openDiskCache, type DiskCache } from '../embeddings/disk-cache.ts';
import { diskErrorOf } from '../store/meili-errors.ts';
import { findMeiliBinary } from '../store/meili-binary.ts';
import { startMeilisearch, type MeiliProcess } from '../store/meili-process.ts';
import pino from 'pino';
import { openCore, type Core } from '../service/open-core.ts';
import { resolveSettings } from '../service/settings.ts';
import { buildApp } from '../server/build-app.ts';
import { indexAllViaApi, MODEL_DIR, SAMPLE_PATH, testConfig } from './helpers/service.ts';
import { embeddingsAvailable, startKensaku, type KensakuServer } from '../tools/lib/processes.ts';
import { meiliPids } from './helpers/process.ts';
import { waitFor } from './helpers/wait.ts';

// Meilisearch's database on a 48 MiB tmpfs of its own, filled up by indexing and then a filler file: the disk runs
// out for real. Mounting needs root; elsewhere the file is skipped and says why.
const root = mkdtempSync(path.join(inject('tmpRoot'), 'disk-full-'));
const mnt = path.join(root, 'mnt');
mkdirSync(mnt);
let cannotMount = '';
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', mnt], { stdio: 'pipe' });
} catch (e) {
  cannotMount = `cannot mount a tmpfs here (${String((e as { stderr?: Buffer }).stderr ?? e).trim()}): needs root`;
  console.warn(`tests/disk-full.test.ts skipped: ${cannotMount}`);
}
const filler = path.join(mnt, 'filler');

let meili: MeiliProcess | undefined;
let core: Core | undefined;
let svc: ReturnType<typeof buildApp> | undefined;
let config: ReturnType<typeof testConfig> | undefined;
/** The service's warnings, one JSON line each: how the task runner's retries are seen. */
const logged: string[] = [];

beforeAll(async () => {
  if (cannotMount) return;
  // The binary outside the small disk: only the database is on it.
  const binary = await findMeiliBinary({ dataDir: path.join(root, 'bin') });
  meili = await startMeilisearch({ binary: binary.path, dataDir: mnt });
  config = testConfig({
    // The service's own files (the embedding cache) on the same small disk, as with the embedded Meilisearch.
    DATA_DIR: path.join(mnt, 'kensaku'),
    MEILI_URL: meili.url,
    MEILI_MASTER_KEY: meili.masterKey,
    // A write Meilisearch took but cannot apply waits this long before the queue leaves it for later.
    MEILI_TASK_TIMEOUT_MS: '20000',
  });
  const logger = pino({ level: 'warn' }, { write: (line: string) => void logged.push(line) });
  core = await openCore({ settings: resolveSettings(config), logger, separateIndexer: false });
  svc = buildApp(core, { defaultMetrics: false });
  svc.tasks.start();
}, 120_000);

afterAll(async () => {
  rmSync(filler, { force: true });
  await svc?.tasks.stop();
  await core?.close();
  await meili?.stop();
  if (!cannotMount) execFileSync('umount', ['-l', mnt]);
  rmSync(root, { recursive: true, force: true });
});

const free = (dir: string) => {
  const st = statfsSync(dir);
  return st.bavail * st.bsize;
};

/** Writes a file until the disk has `leave` bytes free, or (0) until it refuses another byte. */
function fillDisk(leave = 0, file = filler): number {
  const fd = openSync(file, 'a');
  let written = 0;
  try {
    for (const size of [1 << 20, 1 << 12, 1]) {
      const block = Buffer.alloc(size, 1);
      while (leave === 0 || free(path.dirname(file)) >= leave + size) {
        try {
          written += writeSync(fd, block);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}

const request = async (method: string, url: string, body?: unknown) => {
  const res = await svc!.app.request(url, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};
const health = () => request('GET', '/health');
const hitsFor = async (q: string) => {
  const res = await request('GET', `/search?mode=keyword&q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return (res.body.hits as { documentId: string }[]).map((h) => h.documentId);
};

describe.skipIf(cannotMount !== '')('Meilisearch on a full disk', () => {
  let cache: DiskCache;
  const cacheOptions = { dir: path.join(mnt, 'embed-cache-test'), fingerprint: 'stub', dimensions: 4 };
  const stub = {
    modelId: 'stub',
    dimensions: 4,
    fingerprint: 'stub',
    embedPassages: async (texts: string[]) => texts.map((_, i) => [i, 1, 0, 0]),
    embedQuery: async () => [0, 0, 0, 1],
    close: async () => {},
  };

  it('indexes while there is room', async () => {
    cache = await openDiskCache(cacheOptions);
    await indexAllViaApi(svc!.app, { documents: [{ id: 'sample', text: readFileSync(SAMPLE_PATH, 'utf8') }] });
    expect(await hitsFor('普天間')).toContain('sample');
    expect((await health()).body.status).toBe('ok');
  });

  let waiting = '';
  it('once the disk is full: writes answer 507 disk_full, searches answer, an acknowledged task stays queued, /health says why', async () => {
    // A task acknowledged just before the disk fills, its runner held back until it has.
    await svc!.tasks.stop();
    const accepted = await request('POST', '/documents', {
      id: 'late',
      text: '満杯の前に受け付けた文書は、小豆島の醤油蔵について記す。',
    });
    expect(accepted.status).toBe(202);
    waiting = accepted.body.taskId;
    // A write bigger than what is left: Meilisearch runs out while it stores the body.
    fillDisk(1 << 20);
    const big = Array.from({ length: 40 }, (_, i) => ({ id: `big-${i}`, text: `醤油蔵の記録その${i}。`.repeat(2500) }));
    const tooBig = await request('POST', '/documents', { documents: big });
    expect([tooBig.status, tooBig.body.error?.code], JSON.stringify(tooBig.body)).toEqual([507, 'disk_full']);
    expect(fillDisk()).toBeGreaterThan(0);
    const from = logged.length;
    svc!.tasks.start();

    const refused = await request('POST', '/documents', { id: 'refused', text: '満杯の後の文書。' });
    expect([refused.status, refused.body.error?.code], JSON.stringify(refused.body)).toEqual([507, 'disk_full']);
    expect(refused.body.error.message).toMatch(/disk is full/);
    const deleted = await request('DELETE', '/documents/sample');
    expect([deleted.status, deleted.body.error?.code], JSON.stringify(deleted.body)).toEqual([507, 'disk_full']);
    const key = await request('POST', '/keys', { description: 'widget' });
    expect([key.status, key.body.error?.code], JSON.stringify(key.body)).toEqual([507, 'disk_full']);
    const synonyms = await request('PUT', '/synonyms', { sets: [['醤油', 'しょうゆ']] });
    expect([synonyms.status, synonyms.body.error?.code], JSON.stringify(synonyms.body)).toEqual([507, 'disk_full']);

    expect(await hitsFor('普天間')).toContain('sample');

    const h = await health();
    expect(h.status).toBe(200);
    expect(h.body.status).toBe('degraded');
    expect(h.body.meilisearch.writes).toMatchObject({
      code: 'disk_full',
      // Meilisearch says "No space left on device (os error 28)", or an I/O error (os error 5) whose hint says "no
      // space left on device", depending on which write met the full disk first.
      reason: expect.stringMatching(/^disk full: .*no space left on device/i),
    });

    // The runner meets the full disk too, and leaves the task queued: never failed, never lost.
    await waitFor(
      'the task runner to meet the full disk',
      () =>
        logged.slice(from).some((l) => l.includes('task queue: will retry') && l.includes('disk is full')) || undefined,
    );
    const task = await request('GET', `/tasks/${waiting}`);
    expect(task.status).toBe(200);
    expect(['enqueued', 'processing']).toContain(task.body.status);
  });

  it('the embedding disk cache on the full disk: vectors still come back, the failure is counted, the file stays whole', async () => {
    // A cache only spares a later re-embedding: a document must not fail because its vectors could not be kept.
    const embedder = withCache(stub, { diskCache: cache, queryLruSize: 0 });
    const many = Array.from({ length: 2000 }, (_, i) => `passage ${i}`);
    expect((await embedder.embedPassages(many))[3]).toEqual([3, 1, 0, 0]);
    expect(embedder.cacheStats.diskWriteErrors).toBe(1);
    expect(embedder.cacheStats.lastDiskError).toMatch(/ENOSPC|short write/);
    await embedder.embedPassages(['one more']); // nothing more is appended after a torn write
    expect(embedder.cacheStats.diskWriteErrors).toBe(2);
    await embedder.close();
  });

  it('a service started while the disk is full opens and answers searches', async () => {
    const again = await openCore({
      settings: resolveSettings(config!),
      logger: pino({ level: 'silent' }),
      separateIndexer: false,
      embeddings: false,
    });
    try {
      const app = buildApp(again, { defaultMetrics: false }).app;
      const res = await app.request(`/search?mode=keyword&q=${encodeURIComponent('普天間')}`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { hits: { documentId: string }[] }).hits.map((h) => h.documentId)).toContain(
        'sample',
      );
    } finally {
      await again.close();
    }
  });

  it('once space is freed, the acknowledged task completes and /health is ok again; nothing acknowledged is lost', async () => {
    rmSync(filler);
    const done = await waitFor(
      'the queued task to finish',
      async () => {
        const t = await request('GET', `/tasks/${waiting}`);
        return t.body.status === 'succeeded' || t.body.status === 'failed' ? t.body : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 200 },
    );
    expect(done.status).toBe('succeeded');
    expect(await hitsFor('醤油蔵')).toContain('late');
    // The cache torn by the full disk opens with its whole records only, and takes new ones.
    const reopened = await openDiskCache(cacheOptions);
    expect(reopened.size).toBeLessThan(2000);
    const key = diskCacheKey('', 'after the disk was freed');
    await reopened.putMany([[key, [1, 2, 3, 4]]]);
    await reopened.close();
    const again = await openDiskCache(cacheOptions);
    expect(Array.from(again.get(key) ?? [])).toEqual([1, 2, 3, 4]);
    await again.close();
    expect(await hitsFor('普天間')).toContain('sample');
    expect(await hitsFor('満杯の後')).not.toContain('refused');
    const h = await health();
    expect(h.body.status).toBe('ok');
    expect(h.body.meilisearch.writes).toBeUndefined();
  });
});

// A read-only disk, for real on the path Meilisearch writes a body to: its update_files folder bind-mounted read-only
// over itself (a whole disk it has files open on cannot be remounted read-only: "mount point is busy").
const updateFiles = path.join(mnt, 'meili', 'data.ms', 'update_files');
let readOnly = false;
afterAll(() => {
  if (readOnly) execFileSync('umount', [updateFiles]);
});

describe.skipIf(cannotMount !== '')('Meilisearch on a read-only disk', () => {
  let waiting = '';
  it('writes answer 503 disk_read_only, searches answer, an acknowledged task stays queued, /health says why', async () => {
    await svc!.tasks.stop();
    const accepted = await request('POST', '/documents', {
      id: 'ro-late',
      text: '読み取り専用の前に受け付けた文書は、佐渡の金山について記す。',
    });
    expect(accepted.status).toBe(202);
    waiting = accepted.body.taskId;
    execFileSync('mount', ['--bind', updateFiles, updateFiles]);
    readOnly = true;
    execFileSync('mount', ['-o', 'remount,bind,ro', updateFiles]);
    const from = logged.length;
    svc!.tasks.start();

    const refused = await request('POST', '/documents', { id: 'ro-refused', text: '読み取り専用の後の文書。' });
    expect([refused.status, refused.body.error?.code], JSON.stringify(refused.body)).toEqual([503, 'disk_read_only']);
    expect(refused.body.error.message).toMatch(/disk is read-only/);
    expect(await hitsFor('普天間')).toContain('sample');
    const h = await health();
    expect([h.status, h.body.status]).toEqual([200, 'degraded']);
    expect(h.body.meilisearch.writes).toMatchObject({
      code: 'disk_read_only',
      reason: expect.stringMatching(/Read-only file system/),
    });
    await waitFor(
      'the task runner to meet the read-only disk',
      () =>
        logged.slice(from).some((l) => l.includes('task queue: will retry') && l.includes('read-only')) || undefined,
    );
    const task = await request('GET', `/tasks/${waiting}`);
    expect(['enqueued', 'processing']).toContain(task.body.status);
  });

  it('once writable again, the task completes and /health is ok', async () => {
    execFileSync('umount', [updateFiles]);
    readOnly = false;
    const done = await waitFor(
      'the queued task to finish',
      async () => {
        const t = await request('GET', `/tasks/${waiting}`);
        return t.body.status === 'succeeded' || t.body.status === 'failed' ? t.body : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 200 },
    );
    expect(done.status).toBe('succeeded');
    expect(await hitsFor('金山')).toContain('ro-late');
    expect((await health()).body.status).toBe('ok');
  });
});

// The embedded case as a user runs it: `kensaku serve` with its whole DATA_DIR (Meilisearch's database and log, the
// owner record, the embedding cache) on a small disk.
const serveDir = path.join(root, 'serve');
const serveFiller = path.join(serveDir, 'filler');
let serveMounted = false;
let server: KensakuServer | undefined;
afterAll(async () => {
  await server?.stop();
  if (serveMounted) execFileSync('umount', ['-l', serveDir]);
});

describe.skipIf(cannotMount !== '')('kensaku serve with its DATA_DIR on a full disk', () => {
  it('answers writes 507, searches 200 and /health degraded, its Meilisearch never restarted; writes work once space is freed', async () => {
    mkdirSync(serveDir);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', serveDir]);
    serveMounted = true;
    const dbPath = path.join(serveDir, 'meili', 'data.ms');
    const binary = await findMeiliBinary({ dataDir: path.join(root, 'bin') });
    server = await startKensaku({
      env: {
        DATA_DIR: serveDir,
        MEILI_BIN: binary.path,
        INDEX_NAME: 'fullserve',
        EMBED_MODEL_DIR: MODEL_DIR,
        EMBED_DOWNLOAD: 'off',
        DEMO_CORPUS: 'off',
        LOG_LEVEL: 'warn',
      },
      ready: embeddingsAvailable,
    });
    const call = async (method: string, route: string, body?: unknown) => {
      const res = await fetch(`${server!.base}${route}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    const indexed = async (id: string, text: string) => {
      const posted = await call('POST', '/documents', { id, text });
      expect(posted.status, JSON.stringify(posted.body)).toBe(202);
      const task = await waitFor(`task of ${id}`, async () => {
        const t = await call('GET', `/tasks/${posted.body.taskId}`);
        return ['succeeded', 'failed'].includes(t.body.status) ? t.body : undefined;
      });
      expect(task.status).toBe('succeeded');
    };
    await indexed('before', '満杯前の文書は、隠岐の牛突きについて記した記録である。');
    const meiliPid = meiliPids(dbPath);
    expect(meiliPid).toHaveLength(1);

    expect(fillDisk(0, serveFiller)).toBeGreaterThan(0);
    const refused = await call('POST', '/documents', { id: 'refused', text: '満杯の後の文書。' });
    expect([refused.status, refused.body.error?.code], JSON.stringify(refused.body)).toEqual([507, 'disk_full']);
    const found = await call('GET', `/search?mode=keyword&q=${encodeURIComponent('牛突き')}`);
    expect(found.status).toBe(200);
    expect(found.body.hits.map((h: { documentId: string }) => h.documentId)).toContain('before');
    const h = await call('GET', '/health');
    expect([h.status, h.body.status, h.body.meilisearch.writes?.code]).toEqual([200, 'degraded', 'disk_full']);
    // Meilisearch answers all along on a full disk: the supervisor has no reason to restart it.
    expect(meiliPids(dbPath)).toEqual(meiliPid);

    rmSync(serveFiller);
    await indexed('after', '空きが戻った後の文書は、壱岐の麦焼酎について記した記録である。');
    expect((await call('GET', '/health')).body.status).toBe('ok');
    expect(meiliPids(dbPath)).toEqual(meiliPid);
    expect((await server.stop()).code).toBe(0);
    server = undefined;
  });
});

describe('how Meilisearch reports a disk it cannot write', () => {
  it('ENOSPC and EROFS in its messages are disk_full and disk_read_only; anything else is not a disk error', () => {
    const full = 'No space left on device (os error 28) at path "/db/update_files/.tmpAUIwPI"';
    expect(diskErrorOf('internal', full, 'a task')?.code).toBe('disk_full');
    expect(diskErrorOf('internal', 'Read-only file system (os error 30)', 'a task')?.code).toBe('disk_read_only');
    expect(diskErrorOf('invalid_document_id', 'Document identifier `a b` is invalid', 'a task')).toBeNull();
  });
});
