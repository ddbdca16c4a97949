import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandSources, listSources } from '../indexer/sources.ts';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kensaku-sources-'));
  const files = [
    'docs/a.txt',
    'docs/b.MD',
    'docs/sub/c.html',
    'docs/sub/logo.png',
    'docs/node_modules/x.txt',
    'docs/.git/y.txt',
    'notes(1).txt',
    'top.jsonl',
  ];
  for (const file of files) {
    await mkdir(join(root, file, '..'), { recursive: true });
    await writeFile(join(root, file), 'x');
  }
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('expandSources', () => {
  it('walks a directory recursively, keeping supported files only, sorted', async () => {
    expect(await expandSources(['docs'], root)).toEqual({
      files: ['docs/a.txt', 'docs/b.MD', 'docs/sub/c.html'],
      missing: [],
    });
  });

  it('expands globs and de-duplicates files named more than once', async () => {
    const { files } = await expandSources(['docs/**/*.txt', './docs/a.txt', 'docs/', '*.jsonl'], root);
    expect(files).toEqual(['docs/a.txt', 'docs/b.MD', 'docs/sub/c.html', 'top.jsonl']);
  });

  it('keeps a file named explicitly even when its name looks like a glob or its type is unsupported', async () => {
    const { files } = await expandSources(['notes(1).txt', 'docs/sub/logo.png'], root);
    expect(files).toEqual(['docs/sub/logo.png', 'notes(1).txt']);
  });

  it('reports missing paths and globs that match nothing, and still returns the rest', async () => {
    expect(await expandSources(['gone.txt', 'docs/*.pdf', 'top.jsonl'], root)).toEqual({
      files: ['top.jsonl'],
      missing: ['gone.txt', 'docs/*.pdf'],
    });
  });

  it('returns absolute paths for absolute arguments', async () => {
    const { files } = await expandSources([join(root, 'docs', 'sub')], '/');
    expect(files).toEqual([join(root, 'docs/sub/c.html')]);
  });
});

describe('listSources: document ids', () => {
  const ids = async (args: string[], cwd: string) => (await listSources(args, cwd)).files.map((f) => f.id).sort();

  it('keeps the path from the working directory for what lies inside it, however it is named', async () => {
    expect(await ids(['docs', join(root, 'top.jsonl'), 'docs/sub/*.html'], root)).toEqual([
      'docs/a.txt',
      'docs/b.MD',
      'docs/sub/c.html',
      'top.jsonl',
    ]);
  });

  it('gives a folder outside the working directory ids relative to that folder, never ../', async () => {
    const cwd = join(root, 'docs', 'sub');
    expect(await ids(['..'], cwd)).toEqual(['a.txt', 'b.MD', 'sub/c.html']);
    expect(await ids([join(root, 'docs')], cwd)).toEqual(['a.txt', 'b.MD', 'sub/c.html']);
  });

  it('gives a glob outside the working directory ids from its fixed folders, and a lone file its base name', async () => {
    const cwd = join(root, 'docs', 'sub');
    expect(await ids([`${join(root, 'docs')}/**/*.html`], cwd)).toEqual(['sub/c.html']);
    expect(await ids(['../../notes(1).txt', join(root, 'top.jsonl')], cwd)).toEqual(['notes(1).txt', 'top.jsonl']);
  });
});
