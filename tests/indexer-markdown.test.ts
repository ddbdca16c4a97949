import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { chunkDocument, embeddingText } from '../indexer/chunker.ts';
import { CODE_EMBED_CHARS } from '../indexer/embedding-text.ts';
import { parseFile } from '../indexer/formats/index.ts';
import { normalizeForMatch } from '../text/normalize.ts';
import type { Chunk, SourceDocument } from '../domain/documents.ts';

/** The Japanese Vite docs: VitePress Markdown in site/, the pages VitePress built from it in html/. */
const VITE = fileURLToPath(new URL('../../shared/eval/vite-docs-ja/', import.meta.url));
const utf8 = (text: string) => new TextEncoder().encode(text);

function markdownFiles(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? markdownFiles(path.join(dir, e.name), base)
      : e.name.endsWith('.md')
        ? [path.relative(base, path.join(dir, e.name)).split(path.sep).join('/')]
        : [],
  );
}

/** Ids of the headings of the built page, as the browser reads them (entities decoded). */
function builtIds(page: string): Set<string> {
  const html = readFileSync(path.join(VITE, 'html', page.replace(/\.md$/, '.html')), 'utf8');
  const { document } = parseHTML(
    `<!doctype html><html><body>${[...html.matchAll(/<h[1-6][^>]*>/g)].map((m) => m[0]).join('')}</body></html>`,
  );
  return new Set(Array.from(document.querySelectorAll('[id]')).map((el) => el.id));
}

/** Runs of URL or encoded text longer than 40 characters: never words. */
const longRuns = (text: string) => [
  ...(text.match(/[a-z][a-z0-9+.-]*:\/\/[^\s<>"'`()[\]{}、。]*/giu) ?? []).filter((url) => url.length > 40),
  ...(text.match(/[A-Za-z0-9+/=_-]{41,}/g) ?? []).filter(
    (run) => /\d/.test(run) && /[a-z]/.test(run) && /[A-Z]/.test(run),
  ),
];

describe('Markdown of the Vite docs (vite-docs-ja/site)', () => {
  const docs = new Map<string, SourceDocument>();
  const chunks = new Map<string, Chunk[]>();
  beforeAll(async () => {
    for (const file of markdownFiles(path.join(VITE, 'site'))) {
      const [doc] = await parseFile(file, readFileSync(path.join(VITE, 'site', file)));
      if (!doc) continue;
      docs.set(file, doc);
      chunks.set(file, chunkDocument(doc));
    }
  });
  const allChunks = () => [...chunks.values()].flat();
  const chunkOf = (file: string, needle: string) => {
    const found = chunks.get(file)!.find((c) => c.text.includes(needle));
    expect(found, `${file}: a chunk holds ${needle}`).toBeDefined();
    return found!;
  };

  it('parses every page', () => {
    expect(docs.size).toBe(57);
    expect(allChunks().length).toBeGreaterThan(1000);
  });

  it('takes titles from the front matter, else the first h1, never a front matter line', () => {
    expect(docs.get('index.md')!.title).toBe('Vite');
    expect(docs.get('team.md')).toMatchObject({
      title: 'チーム紹介',
      description: 'Vite の開発は、国際的なチームによって進められています。',
    });
    expect(docs.get('acknowledgements.md')!.title).toBe('Acknowledgements');
    expect(docs.get('guide/features.md')!.title).toBe('特徴');
    expect(docs.get('blog/announcing-vite7.md')).toMatchObject({
      title: 'Vite 7.0 is out!',
      meta: expect.objectContaining({ date: '2025-06-24', author: { name: 'The Vite Team' } }),
    });
    for (const [file, doc] of docs) {
      expect(doc.title, file).not.toBe('');
      expect(doc.title, file).not.toMatch(/^[\w-]+:\s|^---|\{#/);
      expect(doc.text, file).not.toMatch(/^(?:layout|title|titleTemplate): /m);
    }
  });

  it('keeps {#id} out of titles, headings and heading paths', () => {
    expect(readFileSync(path.join(VITE, 'site/config/index.md'), 'utf8')).toContain(
      '# Vite の設定 {#configuring-vite}',
    );
    expect(docs.get('config/index.md')!.title).toBe('Vite の設定');
    for (const [file, doc] of docs) {
      for (const block of doc.blocks!.filter((b) => b.kind !== 'code'))
        expect(doc.text.slice(block.start, block.end), file).not.toMatch(/\{#[^}]*\}/);
      for (const block of doc.blocks!) if (block.kind === 'heading') expect(block.text, file).not.toContain('{#');
    }
    for (const chunk of allChunks()) expect(chunk.headingPath.join('\n'), chunk.chunkId).not.toContain('{#');
  });

  it('gives every chunk under a heading an anchor that is an id of the page VitePress built', () => {
    let checked = 0;
    for (const [file, list] of chunks) {
      const ids = builtIds(file);
      for (const chunk of list.filter((c) => c.anchor !== undefined)) {
        expect(ids.has(chunk.anchor!), `${file}: #${chunk.anchor} (${chunk.headingPath.join(' > ')})`).toBe(true);
        checked++;
      }
      for (const chunk of list) if (chunk.headingPath.length > 0) expect(chunk.anchor, chunk.chunkId).toBeDefined();
    }
    expect(checked).toBeGreaterThan(1000);
    // An explicit id, a slug of Japanese text (kana in NFKD, as VitePress writes them) and a duplicate heading.
    expect(chunkOf('config/index.md', 'vite.config.js').anchor).toBe('configuring-vite');
    expect(chunkOf('guide/features.md', 'の HMR 統合を提供します').anchor).toBe('hot-module-replacement');
    expect(chunkOf('guide/features.md', 'ネイティブ ES のインポートは').anchor).toBe(
      'npm-の依存関係の解決と事前バンドル'.normalize('NFKD'),
    );
  });

  it('keeps link text and drops link targets, playground URLs and base64', () => {
    const source = readFileSync(path.join(VITE, 'site/guide/features.md'), 'utf8');
    expect(source).toContain('[Rolldown](https://rolldown.rs/)');
    expect(chunkOf('guide/features.md', '事前バンドルは Rolldown で実行され').text).not.toContain('rolldown.rs');
    for (const chunk of allChunks()) {
      // Code may index an array with a call (`modules[path]()`); prose never keeps a link's `](target)`.
      if (!chunk.code) expect(chunk.text, chunk.chunkId).not.toContain('](');
      expect(longRuns(chunk.text), chunk.chunkId).toEqual([]);
      expect(longRuns(embeddingText(chunk)), chunk.chunkId).toEqual([]);
    }
  });

  it('drops raw HTML tags, <script setup> and container fences, keeping their text and titles', () => {
    expect(readFileSync(path.join(VITE, 'site/team.md'), 'utf8')).toContain('<script setup>');
    expect(docs.get('team.md')!.text).toContain('アドバイザーは、エコシステム側から Vite を導く手助けをしており');
    for (const chunk of allChunks().filter((c) => !c.code)) {
      expect(chunk.text, chunk.chunkId).not.toMatch(/^\s*:::/m);
      expect(chunk.text, chunk.chunkId).not.toMatch(
        /<script setup>|<\/script>|import \{?\s*VPTeam|<sup class=|<div class=|<\/div>|\{\{/,
      );
    }
    const tip = chunkOf('config/server-options.md', 'LAN から WSL2 上のサーバーにアクセスする');
    expect(tip.text.split('\n')).toContain('LAN から WSL2 上のサーバーにアクセスする');
    expect(docs.get('index.md')!.text).not.toContain('Home');
  });

  it('marks code blocks as code chunks of their own, searchable as written, without fences', () => {
    const code = chunkOf('guide/features.md', "import { someMethod } from 'my-dep'");
    expect(code).toMatchObject({
      code: true,
      text: "import { someMethod } from 'my-dep'",
      headingPath: ['特徴', 'npm の依存関係の解決と事前バンドル'],
    });
    const prose = chunks.get('guide/features.md')!.filter((c) => !c.code);
    for (const chunk of prose) expect(chunk.text, chunk.chunkId).not.toContain("from 'my-dep'");
    for (const chunk of allChunks().filter((c) => c.code)) expect(chunk.text, chunk.chunkId).not.toMatch(/^```/m);
    const proxy = chunkOf('config/server-options.md', 'changeOrigin: true,');
    expect(proxy.code).toBe(true);
    expect(proxy.anchor).toBe('server-proxy');
  });

  it('embeds a code chunk as its title, headings, the prose line before it and the opening of the code', () => {
    const code = chunkOf('guide/features.md', "import { someMethod } from 'my-dep'");
    expect(code.lead).toBe('ネイティブ ES のインポートは次のような生のモジュールをサポートしていません:');
    expect(embeddingText(code)).toBe(
      normalizeForMatch(`特徴\nnpm の依存関係の解決と事前バンドル\n${code.lead}\n${code.text}`),
    );
    const long = allChunks().find((c) => c.code && c.text.length > CODE_EMBED_CHARS + 50)!;
    const embedded = embeddingText(long);
    expect(embedded).toContain(normalizeForMatch(long.text.slice(0, 40)));
    expect(embedded).not.toContain(normalizeForMatch(long.text.slice(-40)));
    expect(embedded.startsWith(normalizeForMatch(long.title))).toBe(true);
  });
});

describe('Markdown front matter, anchors and runs', () => {
  const parse = async (md: string, options = {}) => parseFile('page.md', utf8(md), options);

  it('maps TOML front matter to title, description, tags and lang, and keeps other keys as meta', async () => {
    const [doc] = await parse(
      '+++\ntitle = "設定ガイド"\ndescription = "設定の概要"\ntags = ["設定", "入門"]\nlang = "ja"\nweight = 3\n[extra]\nauthor = "山田"\n+++\n\n# 見出し\n\n本文です。\n',
    );
    expect(doc).toMatchObject({
      title: '設定ガイド',
      description: '設定の概要',
      tags: ['設定', '入門'],
      lang: 'ja',
      meta: { weight: 3, extra: { author: '山田' } },
    });
    expect(doc.text).not.toContain('weight');
  });

  it('maps YAML tags given as one string or as Docusaurus objects', async () => {
    const [one] = await parse('---\ntags: 設定\n---\n本文です。');
    const [objects] = await parse('---\ntags:\n  - label: 入門\n    permalink: /tags/intro\n---\n本文です。');
    expect(one.tags).toEqual(['設定']);
    expect(objects.tags).toEqual(['入門']);
  });

  it.each([
    ['search: false', '---\nsearch: false\n---\n# 非公開\n本文。'],
    ['draft: true', '---\ndraft: true\n---\n# 下書き\n本文。'],
    ['published: false', '---\npublished: false\n---\n本文。'],
    ['unlisted: true', '---\nunlisted: true\n---\n本文。'],
    ['robots: noindex', '---\nrobots: noindex, follow\n---\n本文。'],
    ['TOML search = false', '+++\nsearch = false\n+++\n本文。'],
  ])('skips a page whose front matter says %s', async (_rule, md) => {
    expect(await parse(md)).toEqual([]);
  });

  it('indexes a page whose front matter allows search', async () => {
    expect(await parse('---\nsearch: true\ndraft: false\n---\n本文。')).toHaveLength(1);
  });

  it('names the file when the front matter is broken', async () => {
    await expect(parse('---\ntitle: [unclosed\n---\n本文。')).rejects.toThrowError(
      expect.objectContaining({
        code: 'invalid_document',
        message: expect.stringMatching(/page\.md: front matter is not valid YAML/),
      }),
    );
  });

  it('anchors headings with VitePress slugs by default and GitHub slugs on request', async () => {
    const md =
      "# Guide\n\nIntro.\n\n## What's new?\n\nText a.\n\n## What's new?\n\nText b.\n\n## 1st step\n\nText c.\n\n## Custom {#my-id}\n\nText d.\n";
    const anchors = async (options = {}) => chunkDocument((await parse(md, options))[0]).map((c) => c.anchor);
    expect(await anchors()).toEqual(['guide', 'what-s-new', 'what-s-new-1', '_1st-step', 'my-id']);
    expect(await anchors({ markdown: { slugger: 'github' } })).toEqual([
      'guide',
      'whats-new',
      'whats-new-1',
      '1st-step',
      'my-id',
    ]);
  });

  it('keeps image alt text, link text, Docusaurus admonition titles and alert text', async () => {
    const md = [
      '本文 ![構成図](https://example.com/diagram.png) と [公式サイト](https://example.com/docs/very/long/path/to/the/page) を参照。',
      '',
      ':::note[覚えておくこと]',
      '注意の本文です。',
      ':::',
      '',
      '> [!WARNING]',
      '> 警告の本文です。',
    ].join('\n');
    const [doc] = await parse(md);
    expect(doc.text).toBe('本文 構成図 と 公式サイト を参照。\n覚えておくこと\n注意の本文です。\n警告の本文です。');
  });

  it('drops URLs and base64 over 40 characters from prose and code, keeping short URLs', async () => {
    const state = 'eNpFjk0KwjAQha8yZFUhFf9iFXQjuBDxBEKWaTrSQP5IJlUsvbtppbp9733zXYdeanS' + 'Q1x2Zk9';
    const md = `試すには https://play.vuejs.org/#${state} を開く。公式は https://vite.dev です。\n\n\`\`\`js\nconst url = 'data:text/plain;base64,${state}'\n\`\`\`\n`;
    const [doc] = await parse(md);
    expect(doc.text).not.toContain(state);
    expect(doc.text).not.toContain('play.vuejs.org');
    expect(doc.text).toContain('https://vite.dev');
    expect(doc.text).toContain("const url = ''");
  });

  it('leaves plain text chunks as they were: no anchor, no code mark, the same hash', async () => {
    const [doc] = await parseFile('memo.txt', utf8('会議メモ\n本日の会議では予算案を審議した。次回は来月。'));
    const [chunk] = chunkDocument(doc);
    expect(chunk).not.toHaveProperty('anchor');
    expect(chunk).not.toHaveProperty('code');
    const before = createHash('sha256')
      .update(JSON.stringify([chunk.headingPath.map(normalizeForMatch), normalizeForMatch(chunk.text)]), 'utf8')
      .digest('hex');
    expect(chunk.hash).toBe(before);
  });
});
