import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceFromFlags } from '../cli/crawl-command.ts';
import { finished, runCli } from './helpers/process.ts';

// `--slugger` on the command lines that read a site's Markdown: none of these runs reaches Meilisearch (port 9
// answers nothing), so a run that got that far would fail differently.
const offline = { LOG_LEVEL: 'warn', MEILI_URL: 'http://127.0.0.1:9' };
const dir = mkdtempSync(path.join(tmpdir(), 'kensaku-slugger-'));
const page = path.join(dir, 'releases.md');
writeFileSync(page, "# Releases\n\n## What's New in Vite 6?\n\n移行の手順。\n\n## Config & Options\n\n設定の場所。\n");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const anchors = async (...flags: string[]) => {
  const run = await finished(runCli(['index', '--dry-run', '--json', ...flags, page], offline));
  expect(run.code, run.stderr).toBe(0);
  return run.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line).anchor);
};

describe('kensaku index and crawl --slugger', () => {
  it('index --slugger github anchors headings with GitHub slugs; the default is VitePress', async () => {
    expect(await anchors('--slugger', 'github')).toEqual(['whats-new-in-vite-6', 'config--options']);
    expect(await anchors()).toEqual(['what-s-new-in-vite-6', 'config-options']);
    expect(await anchors('--slugger', 'vitepress')).toEqual(await anchors());
  });

  it('crawl --slugger github puts the rule in the source', () => {
    expect(sourceFromFlags(['https://docs.example.jp/'], { slugger: 'github' })).toMatchObject({
      url: 'https://docs.example.jp/',
      extraction: { slugger: 'github' },
    });
    expect(sourceFromFlags(['https://docs.example.jp/'], {}).extraction).toBeUndefined();
  });

  it('refuses another rule with one line and the usage, exit 2, for both commands', async () => {
    for (const args of [
      ['index', '--slugger', 'hugo', page],
      ['crawl', '--slugger', 'hugo', 'https://docs.example.jp/'],
    ]) {
      const run = await finished(runCli(args, offline));
      expect(run.code).toBe(2);
      expect(run.stderr.split('\n')[0]).toBe(`kensaku ${args[0]}: --slugger takes vitepress or github (got "hugo")`);
    }
  });
});
