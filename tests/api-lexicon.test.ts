/**
 * The lexicon through the API, on a small corpus: identifiers and the index's own words stay as written, a Latin word
 * the index lacks is searched by its Japanese forms. `keyword.also` is the record of what was also searched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexViaApi, startTestService, type TestService } from './helpers/service.ts';

let svc: TestService;

const markdown = (id: string, text: string) => ({
  id,
  filename: `${id}.md`,
  contentBase64: Buffer.from(text).toString('base64'),
});

const search = async (q: string) => {
  const res = await svc.app.request(`/search?${new URLSearchParams({ q, mode: 'keyword', limit: '3' })}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { hits: { documentId: string }[]; keyword: { also: string[] } };
};

beforeAll(async () => {
  svc = await startTestService();
  const task = await indexViaApi(svc.app, {
    documents: [
      { id: 'directive', text: 'v-show ディレクティブは要素の表示を切り替えます。' },
      { id: 'shorthand', text: 'ショートハンドとショーの話。ショウの歴史。' },
      { id: 'proxy', text: '開発サーバーの proxy オプションで API へのリクエストを転送します。' },
      { id: 'hague', text: 'ハーグ条約の締結は重要な進展です。' },
      markdown('slots', '# スロットの例\n\n次のように書きます:\n\n```js\nexport const slot = useSlots()\n```\n'),
      // スロット an order of magnitude more often than `slot`: only its being code keeps `slot` as written.
      ...Array.from({ length: 12 }, (_, i) => ({ id: `slot-${i}`, text: `スロット ${i} 番の説明です。` })),
    ],
  });
  expect(task.status).toBe('succeeded');
});
afterAll(() => svc?.close());

describe('a lexicon that knows the corpus', () => {
  it('never translates an identifier: v-show does not search ショー', async () => {
    const res = await search('v-show ディレクティブ');
    expect(res.keyword.also).not.toContain('ショー');
    expect(res.keyword.also).not.toContain('ショウ');
    expect(res.hits[0]?.documentId).toBe('directive');
  });

  it('keeps a word the index holds as written (proxy), and translates one it lacks (Hague → ハーグ)', async () => {
    const proxy = await search('proxy 転送');
    expect(proxy.keyword.also).not.toContain('プロキシ');
    expect(proxy.hits[0]?.documentId).toBe('proxy');
    const hague = await search('Hague 条約');
    expect(hague.keyword.also).toContain('ハーグ');
    expect(hague.hits[0]?.documentId).toBe('hague');
  });

  it('translates the words of an English query, which has no other way to Japanese text', async () => {
    expect((await search('proxy requests')).keyword.also).toContain('プロキシ');
  });

  it('keeps a word found in code as written, however often the index writes its Japanese form', async () => {
    const res = await search('slot の例');
    expect(res.keyword.also).not.toContain('スロット');
    expect(res.hits[0]?.documentId).toBe('slots');
  });
});
