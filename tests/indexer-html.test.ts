import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../indexer/chunker.ts';
import { extractHtml } from '../indexer/formats/html-extract.ts';
import { parseFile } from '../indexer/formats/index.ts';

/** The Japanese Vite docs as VitePress built them: every page repeats the navigation, sidebar and footer. */
const HTML = fileURLToPath(new URL('../../shared/eval/vite-docs-ja/html/', import.meta.url));
const page = (file: string) => readFileSync(path.join(HTML, file), 'utf8');
const utf8 = (text: string) => new TextEncoder().encode(text);

/** Text of the page's chrome on html/guide/features.html: top banner, header nav, sidebar, outline, footers. */
const CHROME = [
  'Vue Fes Japan 2026', // top banner
  'Main Navigation',
  'Discord Chat',
  'Vite 7 ドキュメント',
  'Português', // header
  'Sidebar Navigation',
  'バックエンドとの統合', // sidebar
  'Skip to content',
  'Return to top',
  '目次',
  'ViteConf 2025', // skip link, local nav, outline aside
  'このページへの変更を提案する',
  '前のページ',
  '次のページ', // edit link and pager
  '© 2019-present', // site footer
];

describe('extractHtml on a page VitePress built (html/guide/features.html)', () => {
  const extracted = extractHtml(page('guide/features.html'), { url: 'https://vite.dev/guide/features' });
  const doc = { id: 'guide/features', ...extracted.document };
  const chunks = chunkDocument(doc);

  it('keeps the article and leaves navigation, sidebars, banners and footers out', () => {
    expect(doc.text).toContain(
      '基本的に、Vite を使用した開発は静的ファイルサーバーを使用した時とそれほど変わりません。',
    );
    expect(doc.text).toContain('CSS Modules');
    for (const text of CHROME) expect(doc.text, text).not.toContain(text);
    for (const chunk of chunks) expect(chunk.text).not.toMatch(/Copy code|^js$/m);
  });

  it('keeps the title, description, lang and canonical URL', () => {
    expect(extracted.document).toMatchObject({
      title: '特徴',
      description: '次世代フロントエンドツール',
      lang: 'ja-JP',
    });
    expect(extracted.canonical).toBe('https://vite.dev/guide/features');
    expect(extracted.noindex).toBe(false);
  });

  it('anchors each section with the id of its heading, without the permalink mark', () => {
    const ids = new Set([...page('guide/features.html').matchAll(/<h[1-6] id="([^"]+)"/g)].map((m) => m[1]));
    const anchored = chunks.filter((c) => c.anchor !== undefined);
    expect(anchored.length).toBe(chunks.length);
    for (const chunk of anchored) expect(ids.has(chunk.anchor!), chunk.anchor).toBe(true);
    const modules = chunks.find((c) => c.text.includes('localsConvention'))!;
    expect(modules.headingPath).toEqual(['特徴', 'CSS', 'CSS Modules']);
    expect(modules.anchor).toBe('css-modules');
    for (const chunk of chunks) expect(chunk.headingPath.join(' ')).not.toMatch(/\u200b|#$/);
  });

  it('marks code blocks as code, without the twoslash pop-ups', () => {
    const code = chunks.find((c) => c.text.includes("import { someMethod } from 'my-dep'"))!;
    expect(code).toMatchObject({ code: true, text: "import { someMethod } from 'my-dep'" });
    // Each `defineConfig` carries a twoslash pop-up in the page; the code reads as written.
    const preact = chunks.find((c) => c.text.includes("importSource: 'preact'"))!;
    expect(preact).toMatchObject({ code: true, headingPath: ['特徴', 'JSX'], anchor: 'jsx' });
    expect(preact.text).toBe(
      "import { defineConfig } from 'vite'\n\nexport default defineConfig({\n  oxc: {\n    jsx: {\n      importSource: 'preact',\n    },\n  },\n})",
    );
  });

  it('lists the absolute links of the whole page, navigation included, without fragments', () => {
    expect(extracted.links).toContain('https://vite.dev/guide/cli');
    expect(extracted.links).toContain('https://vite.dev/guide/dep-pre-bundling');
    expect(extracted.links.every((l) => /^https?:\/\//.test(l) && !l.includes('#'))).toBe(true);
    expect(new Set(extracted.links).size).toBe(extracted.links.length);
  });

  it('reads a posted .html file the same way', async () => {
    const [posted] = await parseFile('guide/features.html', utf8(page('guide/features.html')));
    expect(posted).toMatchObject({ id: 'guide/features.html', title: '特徴', text: doc.text });
  });
});

describe('extractHtml on other built pages', () => {
  it.each(['config/server-options.html', 'guide/index.html', 'blog/announcing-vite7.html', 'index.html'])(
    '%s has no page chrome',
    (file) => {
      const { document } = extractHtml(page(file), { url: `https://vite.dev/${file}` });
      for (const text of [
        'Sidebar Navigation',
        'Main Navigation',
        'このページへの変更を提案する',
        '© 2019-present',
        'Vue Fes Japan 2026',
      ])
        expect(document.text, text).not.toContain(text);
    },
  );
});

describe('the site owner’s overrides', () => {
  const site = `<!doctype html><html lang="ja"><head><title>料金 - 例サイト</title>
    <meta name="description" content="料金の説明">
    <link rel="canonical" href="/pricing/">
    <base href="https://example.jp/docs/"></head>
    <body>
      <div class="topbar">会社案内 採用情報</div>
      <main>
        <h1 id="pricing">料金</h1>
        <p>基本料金は月額千円です。</p>
        <div class="promo">今だけ半額キャンペーン</div>
        <section data-pagefind-ignore><p>関連記事の一覧</p></section>
        <h2 id="plans">プラン</h2>
        <p>三つのプランがあります。</p>
      </main>
      <div id="appendix"><h2 id="faq">よくある質問</h2><p>解約はいつでもできます。</p></div>
      <a href="guide.html#top">案内</a> <a href="mailto:a@example.jp">メール</a> <a href="https://other.example.com/x">外部</a>
    </body></html>`;

  it('reads <main> by default, resolving canonical and links against <base>', () => {
    const result = extractHtml(site, { url: 'https://example.jp/docs/pricing.html' });
    expect(result.document.text).toBe(
      '# 料金\n基本料金は月額千円です。\n今だけ半額キャンペーン\n## プラン\n三つのプランがあります。',
    );
    expect(result.document).toMatchObject({ title: '料金', description: '料金の説明', lang: 'ja' });
    expect(result.canonical).toBe('https://example.jp/pricing/');
    expect(result.links).toEqual(['https://example.jp/docs/guide.html', 'https://other.example.com/x']);
  });

  it('leaves out data-pagefind-ignore elements and the owner’s ignore selectors', () => {
    const { document } = extractHtml(site, { ignoreSelectors: ['.promo'] });
    expect(document.text).not.toContain('関連記事');
    expect(document.text).not.toContain('キャンペーン');
    expect(document.text).toContain('三つのプラン');
  });

  it('takes the owner’s content selector as the content root', () => {
    const { document } = extractHtml(site, { contentSelector: '#appendix' });
    expect(document.text).toBe('## よくある質問\n解約はいつでもできます。');
    const blocks = document.blocks.filter((b) => b.kind === 'heading');
    expect(blocks).toEqual([expect.objectContaining({ text: 'よくある質問', anchor: 'faq' })]);
  });

  it('falls back to the automatic root when the content selector matches nothing', () => {
    expect(extractHtml(site, { contentSelector: '.no-such-thing' }).document.text).toContain(
      '基本料金は月額千円です。',
    );
  });

  it('indexes only data-pagefind-body elements when the page marks some', () => {
    const marked = site.replace('<div id="appendix">', '<div id="appendix" data-pagefind-body>');
    expect(extractHtml(marked).document.text).toBe('## よくある質問\n解約はいつでもできます。');
  });

  it('takes the overrides through parseFile options', async () => {
    const [doc] = await parseFile('pricing.html', utf8(site), { html: { contentSelector: '#appendix' } });
    expect(chunkDocument(doc)).toEqual([
      expect.objectContaining({ text: '解約はいつでもできます。', headingPath: ['よくある質問'], anchor: 'faq' }),
    ]);
  });

  it('refuses a selector that is not valid CSS, naming it', () => {
    expect(() => extractHtml(site, { contentSelector: 'div[' })).toThrowError(
      expect.objectContaining({ code: 'invalid_request', message: expect.stringContaining('contentSelector: "div["') }),
    );
    expect(() => extractHtml(site, { ignoreSelectors: ['.ok', '::bogus('] })).toThrowError(
      expect.objectContaining({
        code: 'invalid_request',
        message: expect.stringContaining('ignoreSelectors: "::bogus("'),
      }),
    );
  });

  it('reads noindex and nofollow from meta robots', () => {
    const robots = (content: string) =>
      extractHtml(`<html><head><meta name="robots" content="${content}"></head><body><p>本文</p></body></html>`);
    expect(robots('noindex, follow')).toMatchObject({ noindex: true, nofollow: false });
    expect(robots('none')).toMatchObject({ noindex: true, nofollow: true });
    expect(robots('index, nofollow')).toMatchObject({ noindex: false, nofollow: true });
  });

  it('finds the article of a page without landmarks and leaves its menu and cookie banner out', () => {
    const paragraph = (n: number) =>
      `<p>第${n}段落。検索エンジンは文書を索引に登録し、利用者の問い合わせに応じて関連する文書を順位付けして返します。日本語の文書では分かち書きがないため、形態素解析や n-gram による分割が必要になります。` +
      `索引の作り方によって、表記の揺れや読みの違いにどこまで強いかが変わり、検索結果の質もそれに応じて大きく変わります。</p>`;
    const soup = `<html><head><title>検索の仕組み</title></head><body>
      <div id="menu"><a href="/">ホーム</a> | <a href="/a">製品</a> | <a href="/b">会社概要</a></div>
      <div class="cookie-banner">当サイトはクッキーを使用します。同意する</div>
      <div id="wrap"><div class="post"><h2 id="intro">はじめに</h2>${[1, 2, 3, 4, 5].map(paragraph).join('')}</div></div>
      <div class="copyright">Copyright 例社</div></body></html>`;
    const { document } = extractHtml(soup);
    expect(document.title).toBe('検索の仕組み');
    expect(document.text).toContain('第5段落。');
    expect(document.text).not.toContain('クッキー');
    expect(document.text).not.toContain('会社概要');
  });
});
