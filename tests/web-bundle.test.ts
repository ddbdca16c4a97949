/**
 * /widget.js, /app.js, /instantsearch.js and /dashboard.js are bundled from web/ by web/build.ts into web/dist, which git ignores:
 * `npm ci` builds it (prepare) and `kensaku serve` first runs ensureWebBundles, which rebuilds a build older than its
 * sources. After that check, the server must serve the bytes of a fresh build into a temp dir.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageRoutes } from '../api/routes/pages.ts';
import { isKensakuError } from '../errors/kensaku-error.ts';
import {
  BUNDLES,
  buildWeb,
  ensureWebBundles,
  readBundle,
  ROOT,
  staleReason,
  WEB_DIST,
  type BuiltBundle,
} from '../web/build.ts';

const STALE = 'is stale: run `npm run build:web`';
let tmp = '';
let outDir = '';
let built: BuiltBundle[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'kensaku-web-'));
  outDir = path.join(tmp, 'fresh');
  built = await buildWeb(outDir);
  await ensureWebBundles(); // what `kensaku serve` does before it builds the app
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A copy of the fresh build, to break without touching the sources others read. */
function copyOfBuild(name: string): string {
  const dir = path.join(tmp, name);
  cpSync(outDir, dir, { recursive: true });
  return dir;
}

describe.each(BUNDLES.map((b) => [b.out, b] as const))('%s', (out) => {
  const fresh = () => readFileSync(path.join(outDir, out), 'utf8');

  it('web/dist holds a fresh build of web/ once the start-up check has run', () => {
    const served = readFileSync(path.join(WEB_DIST, out), 'utf8');
    expect(served === fresh(), `web/dist/${out} ${STALE}`).toBe(true);
  });

  it('the server serves that build', async () => {
    const res = await pageRoutes().request(`/${out}`);
    expect(res.status).toBe(200);
    expect((await res.text()) === fresh(), `GET /${out} ${STALE}`).toBe(true);
  });

  it('bundles browser code only: web/ sources, nothing from the server (its types are imported as types)', () => {
    const inputs = built.find((b) => b.file === path.join(outDir, out))!.inputs;
    expect(inputs.length).toBeGreaterThan(3);
    // The dashboard's one package: its chart library, uPlot.
    const allowed = /^(web\/(shared|widget|app|instantsearch|dashboard)\/|node_modules\/uplot\/dist\/)/;
    expect(inputs.filter((f) => !allowed.test(f))).toEqual([]);
  });

  it('starts with its documentation and says where it is built from', () => {
    expect(fresh()).toMatch(/^\/\*!\n \* kensaku /);
    expect(fresh()).toContain('by web/build.ts (npm run build:web): edit the sources, not this file.');
  });
});

it('the widget is an ES2019 IIFE whose only global is window.Kensaku', () => {
  const widget = readFileSync(path.join(outDir, 'widget.js'), 'utf8');
  expect(widget).toMatch(/\n"use strict";\n\(\(\) => \{\n[\s\S]*\n\}\)\(\);\n$/);
  expect(widget).not.toMatch(/\?\?|\?\.[^\d]/); // ES2020 syntax would break older browsers on host sites
});

it('api/public holds only hand-written files: no build output sits beside them', () => {
  const publicDir = path.join(ROOT, 'api', 'public');
  // Every file, the examples' folder included.
  const names = readdirSync(publicDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(publicDir, path.join(e.parentPath, e.name)));
  expect(names).toContain('docs-init.js');
  expect(names).toContain(path.join('examples', 'instantsearch-example.js'));
  for (const { out } of BUNDLES) expect(names.map((n) => path.basename(n))).not.toContain(out);
  expect(names.filter((n) => readFileSync(path.join(publicDir, n), 'utf8').includes('by web/build.ts'))).toEqual([]);
});

describe('the start-up check (ensureWebBundles)', () => {
  it('finds a build current while its sources are unchanged', () => {
    expect(staleReason(outDir)).toBeNull();
  });

  it('names a build that is missing, lacks a bundle, or is older than one of its sources', () => {
    expect(staleReason(path.join(tmp, 'never-built'))).toBe('not built');

    const lacking = copyOfBuild('lacking');
    rmSync(path.join(lacking, 'widget.js'));
    expect(staleReason(lacking)).toBe('missing widget.js');

    const older = copyOfBuild('older');
    const manifest = JSON.parse(readFileSync(path.join(older, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.sources)).toContain('web/shared/client.ts');
    manifest.sources['web/shared/client.ts'] = 'a hash of some earlier version';
    writeFileSync(path.join(older, 'manifest.json'), JSON.stringify(manifest));
    expect(staleReason(older)).toBe('older than web/shared/client.ts');
  });

  it('rebuilds a stale build where esbuild is installed, and leaves a current one alone', async () => {
    const lacking = copyOfBuild('rebuilt');
    rmSync(path.join(lacking, 'app.js'));
    expect(await ensureWebBundles({ dir: lacking })).toBe('rebuilt');
    expect(staleReason(lacking)).toBeNull();
    for (const { out } of BUNDLES)
      expect(readFileSync(path.join(lacking, out), 'utf8')).toBe(readFileSync(path.join(outDir, out), 'utf8'));
    expect(await ensureWebBundles({ dir: lacking })).toBe('current');
  });

  it('without esbuild (a production install), a missing build is one catalog error naming `npm run build:web`', async () => {
    const error = await ensureWebBundles({ dir: path.join(tmp, 'never-built'), esbuild: async () => null }).catch(
      (e: unknown) => e,
    );
    expect(isKensakuError(error) && error.code).toBe('web_bundles_missing');
    expect((error as Error).message).toContain('npm run build:web');
    expect((error as Error).message).not.toContain('\n');
    // The server's read of a missing bundle says the same, not ENOENT.
    expect(() => readBundle('widget.js', path.join(tmp, 'never-built'))).toThrow(
      /web\/dist are missing widget\.js: run `npm run build:web`/,
    );
  });
});
