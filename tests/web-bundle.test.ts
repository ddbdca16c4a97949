/**
 * api/public/widget.js and app.js are bundled from web/ (web/build.ts) and committed. A fresh build into a temp dir
 * must give the same bytes as the committed files and as what the server serves: run `npm run build:web` after
 * editing web/.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageRoutes } from '../api/routes/pages.ts';
import { BUNDLES, buildWeb, PUBLIC_DIR, type BuiltBundle } from '../web/build.ts';

const STALE = 'is stale: run `npm run build:web` and commit the result';
let outDir = '';
let built: BuiltBundle[] = [];

beforeAll(async () => {
  outDir = mkdtempSync(path.join(tmpdir(), 'kensaku-web-'));
  built = await buildWeb(outDir);
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe.each(BUNDLES.map((b) => [b.out, b] as const))('%s', (out) => {
  const fresh = () => readFileSync(path.join(outDir, out), 'utf8');

  it('the committed file is a fresh build of web/', () => {
    const committed = readFileSync(path.join(PUBLIC_DIR, out), 'utf8');
    expect(committed === fresh(), `api/public/${out} ${STALE}`).toBe(true);
  });

  it('the server serves that build', async () => {
    const res = await pageRoutes().request(`/${out}`);
    expect(res.status).toBe(200);
    expect((await res.text()) === fresh(), `GET /${out} ${STALE}`).toBe(true);
  });

  it('bundles browser code only: web/ sources, nothing from the server (its types are imported as types)', () => {
    const inputs = built.find((b) => b.file === path.join(outDir, out))!.inputs;
    expect(inputs.length).toBeGreaterThan(3);
    expect(inputs.filter((f) => !/^web\/(shared|widget|app|instantsearch)\//.test(f))).toEqual([]);
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
