import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResponse } from '../search/types.ts';
import { indexViaApi, searchOk, startTestService, type TestService } from './helpers/service.ts';

let svc: TestService;
const search = (query: Record<string, string | number>) => searchOk(svc.app, query);

const RENDERING = `# 条件付きレンダリング

## v-if

ディレクティブ \`v-if\` は、ブロックを条件に応じて描画したい場合に使用されます。ブロックは、ディレクティブの式が真の値を返す場合にのみ描画されます。

\`\`\`html
<h1 v-if="awesome">Vue is awesome!</h1>
\`\`\`

## 一覧の表示

v-if と v-show の違いも確かめてください。一覧を表示するときは、要素ごとに表示を切り替えるより、算出プロパティで絞り込んだ配列を使うほうが効率的です。if の条件を書く場所に迷ったら前節を読んでください。
`;

// Its code holds v-if; neither its heading nor its prose does.
const TEMPLATE = `# テンプレートの例

## 例

次のテンプレートは、値が真のときだけ段落を描画します。

\`\`\`html
<template>
  <main class="page">
    <header class="page-header">
      <h2 class="title">一覧</h2>
      <nav class="links"><a href="/">ホーム</a> <a href="/about">概要</a></nav>
    </header>
    <section class="body">
      <p class="lead">説明文</p>
      <p v-if="seen">見えます</p>
    </section>
  </main>
</template>
\`\`\`
`;

const ENV = `# 環境変数

## import.meta.env

Vite は環境変数を特別な import.meta.env オブジェクトに公開します。

## モードの切り替え

ビルドのモードはコマンドラインで指定できます。設定は import.meta.env から読めますが、詳しくは前節を参照してください。
`;

// Holds "v", "if", "import", "meta" and "env" as words, but neither identifier.
const PROSE = `# 条件分岐の書き方

条件分岐には if 文を使います。v キーを押すと表示が切り替わり、環境 env の値やメタ情報 meta も import の前に確かめます。
`;

const file = (id: string, markdown: string) => ({
  id,
  filename: `${id}.md`,
  contentBase64: Buffer.from(markdown).toString('base64'),
});

beforeAll(async () => {
  svc = await startTestService();
  const task = await indexViaApi(svc.app, {
    documents: [file('rendering', RENDERING), file('template', TEMPLATE), file('env', ENV), file('prose', PROSE)],
  });
  expect(task.status).toBe('succeeded');
});
afterAll(() => svc?.close());

const where = (hit: SearchResponse['hits'][number]) => `${hit.documentId} ${hit.headingPath.at(-1)}`;

describe('identifiers match exactly and whole', () => {
  it('v-if: sections with it in their heading or code rank above prose that mentions it', async () => {
    const keyword = await search({ q: 'v-if', mode: 'keyword', limit: 10 });
    const ranks = keyword.hits.map(where);
    expect(ranks[0]).toBe('rendering v-if');
    const code = keyword.hits.findIndex((h) => h.documentId === 'template' && h.text.includes('v-if'));
    expect(code, ranks.join(', ')).toBeGreaterThan(0);
    expect(ranks.indexOf('rendering 一覧の表示'), ranks.join(', ')).toBeGreaterThan(code);
    // Hybrid weighs the semantic leg too, which favours the prose that opens with v-if; the heading stays first.
    const hybrid = await search({ q: 'v-if', mode: 'hybrid', limit: 10 });
    expect(where(hybrid.hits[0])).toBe('rendering v-if');
  });

  it('v-if does not find a chunk that holds "v" and "if" only as separate words', async () => {
    const body = await search({ q: 'v-if', mode: 'keyword', limit: 20 });
    expect(body.hits.length).toBeGreaterThan(0);
    expect(body.hits.map((h) => h.documentId)).not.toContain('prose');
    expect(body.hits.map((h) => h.documentId)).not.toContain('env');
  });

  it('import.meta.env: the heading first, its prose mention after, and never the chunk with its words apart', async () => {
    const body = await search({ q: 'import.meta.env', mode: 'keyword', limit: 20 });
    expect(body.hits.map(where), JSON.stringify(body.hits.map(where))).toEqual([
      'env import.meta.env',
      'env モードの切り替え',
    ]);
  });
});

describe('a hybrid identifier query the keyword leg decides is not embedded', () => {
  it('v-if: answered from the keyword leg alone, and the response says so', async () => {
    const hybrid = await search({ q: 'v-if', mode: 'hybrid', limit: 10 });
    const keyword = await search({ q: 'v-if', mode: 'keyword', limit: 10 });
    expect(hybrid.fusion?.skipped).toEqual({ leg: 'semantic', reason: 'identifier' });
    expect(hybrid.processingTimeMs.embedding).toBe(0);
    expect(hybrid.hits.map((h) => h.chunkId)).toEqual(keyword.hits.map((h) => h.chunkId));
    for (const hit of hybrid.hits) expect(hit.explain.semantic).toBeNull();
    // No chunk that merely reads like the query pads the list.
    expect(hybrid.hits.map((h) => h.documentId)).not.toContain('prose');
  });

  it('runs the semantic leg when the query has words besides identifiers, or the keyword leg finds no identifier', async () => {
    const mixed = await search({ q: 'import.meta.env 切り替え', mode: 'hybrid', limit: 10 });
    expect(mixed.fusion?.skipped).toBeUndefined();
    expect(mixed.hits.some((h) => h.explain.semantic !== null)).toBe(true);
    const absent = await search({ q: 'server.proxy', mode: 'hybrid', limit: 10 });
    expect(absent.fusion?.skipped).toBeUndefined();
    expect(absent.hits.length).toBeGreaterThan(0);
    expect(absent.hits.every((h) => h.explain.semantic !== null)).toBe(true);
  });
});
