import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexViaApi, SAMPLE_PATH, startTestService, type TestService } from './helpers/service.ts';

let svc: TestService;

interface Hit {
  documentId: string;
  text: string;
  snippet: string;
}
const search = async (q: string, limit = 3) => {
  const res = await svc.app.request(`/search?${new URLSearchParams({ q, mode: 'keyword', limit: String(limit) })}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { hits: Hit[] }).hits;
};
const top3Holds = async (q: string, written: string) => (await search(q)).some((h) => h.text.includes(written));

// Small documents, each spelling one variant; the queries below spell the other.
const variants = [
  { id: 'computer', text: 'コンピューターの歴史は古い。' },
  { id: 'violin', text: 'ヴァイオリンの名器を展示する。' },
  { id: 'kasumigaseki', text: '霞ヶ関の官庁街を歩いた。' },
  { id: 'server', text: '社内のサーバを更新した。' },
  { id: 'takashimaya', text: '日本橋の髙島屋で買い物をした。' },
  { id: 'saito', text: '齋藤さんが司会を務めた。' },
  { id: 'ban', text: 'その本は発売禁止となった。' },
];

beforeAll(async () => {
  // The default synonyms are off by default; on here, for their test. The model is on for the hybrid answers.
  svc = await startTestService({ SYNONYMS_DEFAULT: 'sudachi' });
  const task = await indexViaApi(svc.app, {
    documents: [{ id: 'sample', text: readFileSync(SAMPLE_PATH, 'utf8') }, ...variants],
  });
  expect(task.status).toBe('succeeded');
});
afterAll(() => svc?.close());

describe('variant folding in the keyword leg', () => {
  it('finds old and variant kanji by their common form, and the reverse', async () => {
    expect(await top3Holds('仲井真知事', '仲井眞')).toBe(true);
    expect(await top3Holds('高島屋', '髙島屋')).toBe(true);
    expect(await top3Holds('斎藤', '齋藤')).toBe(true);
    expect(await top3Holds('仲井眞', '仲井眞')).toBe(true);
  });

  it('folds long-vowel marks, ヴ and small kana the same way in text and query', async () => {
    const first = async (q: string) => (await search(q, 1))[0]?.documentId;
    expect(await first('コンピュータ')).toBe('computer');
    expect(await first('バイオリン')).toBe('violin');
    expect(await first('霞ケ関')).toBe('kasumigaseki');
    expect(await first('サーバー')).toBe('server');
  });

  it('keeps the text as written and marks the written characters in the snippet', async () => {
    const hit = (await search('仲井真')).find((h) => h.text.includes('仲井眞'))!;
    expect(hit.text).toContain('仲井眞');
    expect(hit.snippet).toContain('<mark>仲井眞</mark>');
    const violin = (await search('バイオリン', 1))[0];
    expect(violin.text).toBe('ヴァイオリンの名器を展示する。');
    expect(violin.snippet).toBe('<mark>ヴァイオリン</mark>の名器を展示する。');
  });
});

describe('default synonyms (Sudachi: spellings and abbreviations of one word)', () => {
  it('finds a word by its abbreviation, and says which synonym it used', async () => {
    expect((await search('発禁', 1))[0]?.documentId).toBe('ban');
    const res = await svc.app.request(`/search?${new URLSearchParams({ q: '発禁', mode: 'keyword' })}`);
    expect(((await res.json()) as { keyword: { also: string[] } }).keyword.also).toContain('発売禁止');
  });
});

describe('reading search', () => {
  it('finds a word by its reading typed in hiragana, katakana or romaji', async () => {
    for (const q of ['ふてんま', 'フテンマ', 'futenma', 'Futenma']) expect(await top3Holds(q, '普天間'), q).toBe(true);
    expect(await top3Holds('へのこ', '辺野古')).toBe(true);
    expect(await top3Holds('henoko', '辺野古')).toBe(true);
  });

  it('finds a word from a prefix of its reading, as one types', async () => {
    expect(await top3Holds('ふてん', '普天間')).toBe(true);
    expect(await top3Holds('futen', '普天間')).toBe(true);
  });

  // Typed without spaces: one token to Meilisearch, cut into the index's reading words (text/reading/segment.ts).
  const phrases = [
    ['にちべいどうめい', '日米同盟'],
    ['せんりゃくてきごけい', '戦略的互恵'],
    ['nichibeidomei', '日米同盟'],
    ['senryakutekigokei', '戦略的互恵'],
  ] as const;

  it('finds a kana or romaji phrase typed without spaces first, marked, in keyword and hybrid', async () => {
    for (const mode of ['keyword', 'hybrid'])
      for (const [q, written] of phrases) {
        const res = await svc.app.request(`/search?${new URLSearchParams({ q, mode, limit: '3' })}`);
        const { hits } = (await res.json()) as { hits: Hit[] };
        expect(hits[0]?.text, `${mode} ${q}`).toContain(written);
        expect(hits[0].snippet, `${mode} ${q}: ${hits[0].snippet}`).toMatch(
          new RegExp(`<mark>[^<]*${written}[^<]*</mark>`),
        );
      }
  });

  it('says what it searched: the phrase cut into reading words', async () => {
    const res = await svc.app.request(`/search?${new URLSearchParams({ q: 'にちべいどうめい', mode: 'keyword' })}`);
    const body = (await res.json()) as { keyword: { readings: { q: string; on: string[] }[] } };
    expect(body.keyword.readings).toEqual([{ q: 'ニチ ベイ ドウメイ', on: ['reading'] }]);
  });

  it('leaves mixed and English queries to the text', async () => {
    const mixed = await search('普天間飛行場の移設');
    expect(mixed[0].text).toContain('普天間');
    const res = await svc.app.request(`/search?${new URLSearchParams({ q: 'meeting', mode: 'keyword' })}`);
    expect(((await res.json()) as { fusion: unknown }).fusion ?? null).toBeNull();
  });
});

describe('marks what matched, however it matched', () => {
  // A <mark> that holds the written form (adjacent marked words read as one mark: 普天間飛行場).
  const marks = (snippet: string, written: string) => new RegExp(`<mark>[^<]*${written}[^<]*</mark>`).test(snippet);
  const probes = [
    ['ふてんま', '普天間'],
    ['フテンマ', '普天間'],
    ['futenma', '普天間'],
    ['Futenma', '普天間'],
    ['ふてん', '普天間'],
    ['futen', '普天間'],
    ['へのこ', '辺野古'],
    ['henoko', '辺野古'],
    ['仲井真知事', '仲井眞'],
  ] as const;
  const phrases = [
    ['にちべいどうめい', '日米同盟'],
    ['せんりゃくてきごけい', '戦略的互恵'],
    ['nichibeidomei', '日米同盟'],
  ] as const;
  // The text query of へのこ keeps a stray こ once Meilisearch drops the stop words へ and の, and matches any word
  // that starts with コ (コンピューター): a hit with nothing of the query to mark.
  const strayKana = new Set(['へのこ']);

  it('marks the written form of a reading typed in kana or romaji, whole or as a prefix, in every snippet', async () => {
    for (const [q, written] of probes) {
      const hits = await search(q);
      const holding = hits.filter((h) => h.text.includes(written));
      expect(holding.length, q).toBeGreaterThan(0);
      for (const h of holding) expect(marks(h.snippet, written), `${q}: ${h.snippet}`).toBe(true);
      if (!strayKana.has(q))
        for (const h of hits) expect(h.snippet, `${q}: every snippet holds a mark`).toContain('<mark>');
    }
  });

  it('marks a phrase typed without spaces in every snippet, the first hit the whole phrase', async () => {
    for (const [q, written] of phrases) {
      const hits = await search(q);
      expect(marks(hits[0].snippet, written), `${q}: ${hits[0].snippet}`).toBe(true);
      for (const h of hits) expect(h.snippet, `${q}: every snippet holds a mark`).toContain('<mark>');
    }
  });

  it('answers a kana or romaji query with a sentence that holds the written form, scored above 0', async () => {
    // Prefixes too: the semantic leg embeds what the keyword leg's hits write (普天間), not the kana or romaji.
    for (const [q, written] of [...probes, ...phrases]) {
      const res = await svc.app.request(`/search?${new URLSearchParams({ q, limit: '10' })}`);
      const { hits } = (await res.json()) as { hits: (Hit & { answer?: { text: string; score: number } })[] };
      const top = hits.find((h) => h.text.includes(written));
      expect(top?.answer?.text, q).toContain(written);
      expect(top?.answer?.score, q).toBeGreaterThan(0);
      expect(marks(top!.snippet, written), `${q}: ${top!.snippet}`).toBe(true);
    }
  });

  it("marks the Japanese forms of a query's English words (the lexicon)", async () => {
    const res = await svc.app.request(`/search?${new URLSearchParams({ q: 'Hague Convention', mode: 'keyword' })}`);
    const body = (await res.json()) as { hits: Hit[]; keyword: { also: string[] } };
    expect(body.keyword.also).toContain('ハーグ');
    const hit = body.hits.find((h) => h.text.includes('ハーグ条約'));
    expect(hit?.snippet).toContain('<mark>ハーグ</mark>');
  });

  it("marks an operator's synonym where the text writes it", async () => {
    const put = (body: unknown) =>
      svc.app.request('/synonyms', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await put({ oneWay: { 米国務相: ['国務長官'] } })).status).toBe(200);
    try {
      const hit = (await search('米国務相')).find((h) => h.text.includes('国務長官'));
      expect(hit?.snippet).toContain('<mark>国務長官</mark>');
    } finally {
      expect((await put({})).status).toBe(200);
    }
  });
});
