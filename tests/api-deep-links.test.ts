import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexAllViaApi, searchOk, startTestService, type TestService } from './helpers/service.ts';

// A site's page posted as a file with its url: every hit links to the page at the section it came from.

const PAGE_URL = 'https://docs.example.jp/guide/config.html';

const MARKDOWN = `---
title: 設定リファレンス
tags: [guide]
---

# 設定 {#config}

kensaku の設定は環境変数で行います。起動時に一度だけ読まれます。

## 索引の再構築 {#rebuild-index}

古い文書を消したいときは、深夜の保守時間に索引を丸ごと作り直します。作り直しの間も検索は続きます。

## データベースの接続

接続先のマスターキーは管理者だけが知っています。鍵を失くしたら発行し直します。
`;

const HTML = `<!doctype html><html lang="ja"><head><title>導入 | Example Docs</title></head><body>
<nav><a href="/">ホーム</a></nav>
<main><h1>導入</h1><p>最初に必要なものを揃えます。</p>
<h2 id="first-steps">はじめの一歩<a class="header-anchor" href="#first-steps">#</a></h2>
<p>灯台の見える港町で、最初の索引を試しに作ってみましょう。</p></main>
</body></html>`;

const file = (text: string) => Buffer.from(text, 'utf8').toString('base64');

let svc: TestService;
const search = (query: Record<string, string | number>) => searchOk(svc.app, query);
const hitOf = async (q: string, documentId: string, extra: Record<string, string | number> = {}) => {
  const body = await search({ q, limit: 10, ...extra });
  const hit = body.hits.find((h) => h.documentId === documentId);
  expect(hit, `${q}: no hit from ${documentId} in ${JSON.stringify(body.hits.map((h) => h.chunkId))}`).toBeDefined();
  return hit!;
};

beforeAll(async () => {
  svc = await startTestService();
  await indexAllViaApi(svc.app, {
    documents: [
      { id: 'guide/config', filename: 'config.md', contentBase64: file(MARKDOWN), url: PAGE_URL },
      // The same page without a url, and with a url that already has a fragment.
      { id: 'local/config', filename: 'config.md', contentBase64: file(MARKDOWN) },
      {
        id: 'guide/intro',
        filename: 'intro.html',
        contentBase64: file(HTML),
        url: 'https://docs.example.jp/guide/intro.html#top',
      },
      { id: 'note', text: '議事録: 来週の打ち合わせは灯台の見える会議室で行います。' },
    ],
  });
});
afterAll(() => svc?.close());

describe('hits link to the section they came from', () => {
  it('gives a Markdown hit the page url with the {#id} of its section', async () => {
    for (const mode of ['keyword', 'hybrid', 'semantic']) {
      const hit = await hitOf('深夜の保守時間に索引を作り直す', 'guide/config', { mode });
      expect(hit.headingPath, mode).toEqual(['設定', '索引の再構築']);
      expect(hit.anchor, mode).toBe('rebuild-index');
      expect(hit.url, mode).toBe(`${PAGE_URL}#rebuild-index`);
      expect(hit.title, mode).toBe('設定リファレンス');
    }
  });

  it("anchors a heading without an id with the site generator's slug, percent-encoded in the url", async () => {
    const hit = await hitOf('マスターキーを失くしたら', 'guide/config', { mode: 'keyword' });
    // VitePress keeps kana in its ids, decomposed (NFKD): デ is テ + U+3099.
    const slug = 'データベースの接続'.normalize('NFKD');
    expect(hit.anchor).toBe(slug);
    expect(hit.url).toBe(`${PAGE_URL}#${encodeURIComponent(slug)}`);
    expect(decodeURIComponent(new URL(hit.url!).hash.slice(1))).toBe(slug);
  });

  it('gives an HTML hit the id of its heading, in place of the fragment the page url had', async () => {
    const hit = await hitOf('灯台の見える港町', 'guide/intro', { mode: 'keyword' });
    expect(hit.anchor).toBe('first-steps');
    expect(hit.url).toBe('https://docs.example.jp/guide/intro.html#first-steps');
  });

  it("gives a document's one hit under groupBy=document the anchor of its best chunk", async () => {
    const body = await search({ q: '深夜の保守時間に索引を作り直す', groupBy: 'document', limit: 10 });
    const page = body.hits.filter((h) => h.documentId === 'guide/config');
    expect(page).toHaveLength(1);
    expect(page[0].url).toBe(`${PAGE_URL}#rebuild-index`);
  });

  it('keeps a document posted without a url working: found, with its anchor and no url', async () => {
    const hit = await hitOf('深夜の保守時間に索引を作り直す', 'local/config');
    expect(hit.anchor).toBe('rebuild-index');
    expect(hit).not.toHaveProperty('url');
    const note = await hitOf('灯台の見える会議室', 'note', { mode: 'keyword' });
    expect(note.text).toContain('打ち合わせ');
    expect(note).not.toHaveProperty('url');
    expect(note).not.toHaveProperty('anchor');
  });
});
