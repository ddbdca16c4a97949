import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResponse } from '../search/types.ts';
import { indexViaApi, startTestService, type TestService } from './helpers/service.ts';
import { startSite, type Site } from './helpers/crawl-site.ts';

// A site built with GitHub-style heading ids (Docusaurus, Starlight, a README) is anchored with GitHub's slugs when
// its owner says so: on a posted file and on a source.

const MARKDOWN = `# Releases

## What's New in Vite 6?

灯台守の記録係がロールダウンへの移行手順をまとめた節です。

## Config & Options

港湾局の倉庫番が設定ファイルの置き場所を説明する節です。
`;
// GitHub's ids drop the apostrophe and keep both dashes of ` & `; VitePress turns each run of punctuation into one `-`.
const GITHUB = { whatsNew: 'whats-new-in-vite-6', config: 'config--options' };
const VITEPRESS = { whatsNew: 'what-s-new-in-vite-6', config: 'config-options' };

let svc: TestService;
let site: Site;
const json = { 'content-type': 'application/json' };

const hitOf = async (q: string, documentId: string) => {
  const res = await svc.app.request(`/search?mode=keyword&limit=20&q=${encodeURIComponent(q)}`);
  const hit = ((await res.json()) as SearchResponse).hits.find((h) => h.documentId === documentId);
  expect(hit, `${q}: no hit from ${documentId}`).toBeDefined();
  return hit!;
};
const upload = (id: string, extraction?: unknown) => ({
  id,
  filename: 'releases.md',
  url: `https://docs.example.jp/${id}`,
  contentBase64: Buffer.from(MARKDOWN).toString('base64'),
  ...(extraction === undefined ? {} : { extraction }),
});

beforeAll(async () => {
  svc = await startTestService();
  site = await startSite({ '/docs/releases.md': { body: MARKDOWN, type: 'text/markdown; charset=utf-8' } });
});
afterAll(async () => {
  await site?.stop();
  await svc?.close();
});

describe('the slug rule of Markdown headings, chosen by the site owner', () => {
  it('POST /documents: a file with extraction.slugger github is anchored with GitHub slugs; without it, VitePress', async () => {
    const task = (await indexViaApi(svc.app, {
      documents: [
        upload('github', { slugger: 'github' }),
        upload('default'),
        upload('vitepress', { slugger: 'vitepress' }),
      ],
    })) as { status: string; counts: { added: number } };
    expect(task).toMatchObject({ status: 'succeeded', counts: { added: 3 } });
    const github = await hitOf('ロールダウンへの移行手順', 'github');
    expect(github.anchor).toBe(GITHUB.whatsNew);
    expect(github.url).toBe(`https://docs.example.jp/github#${GITHUB.whatsNew}`);
    expect((await hitOf('設定ファイルの置き場所', 'github')).anchor).toBe(GITHUB.config);
    for (const id of ['default', 'vitepress']) {
      expect((await hitOf('ロールダウンへの移行手順', id)).anchor).toBe(VITEPRESS.whatsNew);
      expect((await hitOf('設定ファイルの置き場所', id)).anchor).toBe(VITEPRESS.config);
    }
  });

  it('POST /documents: an unknown slug rule fails that file, naming the field', async () => {
    const res = await svc.app.request('/documents', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ documents: [upload('bogus', { slugger: 'hugo' })] }),
    });
    // One file of a batch: its own error in the task, never indexed with the default rule.
    expect(res.status).toBe(202);
    const { taskId } = (await res.json()) as { taskId: string };
    await svc.built.tasks.idle();
    const task = (await (await svc.app.request(`/tasks/${taskId}`)).json()) as any;
    expect(task).toMatchObject({ status: 'failed', counts: { added: 0, failed: 1 } });
    expect(task.errors[0]).toMatchObject({
      documentId: 'bogus',
      message: expect.stringMatching(/extraction\.slugger/),
    });
    expect((await svc.app.request('/documents/bogus')).status).toBe(404);
  });

  it('POST /sources: a source with extraction.slugger github crawls its Markdown pages with GitHub slugs', async () => {
    const res = await svc.app.request('/sources', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ id: 'releases', url: site.url('/docs/releases.md'), extraction: { slugger: 'github' } }),
    });
    expect(res.status).toBe(202);
    const { taskId, source } = (await res.json()) as { taskId: string; source: { spec: unknown } };
    expect(source.spec).toMatchObject({ extraction: { slugger: 'github' } });
    await svc.built.tasks.idle();
    const task = (await (await svc.app.request(`/tasks/${taskId}`)).json()) as any;
    expect(task).toMatchObject({ status: 'succeeded', counts: { added: 1 } });
    const docId = `${new URL(site.base).host}/docs/releases.md`;
    const hit = await hitOf('ロールダウンへの移行手順', docId);
    expect(hit.anchor).toBe(GITHUB.whatsNew);
    expect(hit.url).toBe(`${site.url('/docs/releases.md')}#${GITHUB.whatsNew}`);

    const bad = await svc.app.request('/sources', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ url: site.url('/docs/releases.md'), extraction: { slugger: 'hugo' } }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { code: 'invalid_request', message: expect.stringMatching(/slugger/) },
    });
  });
});
