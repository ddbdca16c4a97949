import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexAllViaApi, startTestService, type TestService } from './helpers/service.ts';

const ADMIN = 'admin-key-suggest-test-0123456789';
const SEARCH = 'search-key-suggest-test-0123456789';
const admin = { authorization: `Bearer ${ADMIN}` };
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
let svc: TestService;
let publicKey: string;
let secretKey: string;

interface Suggestion {
  text: string;
  source: string;
  highlighted?: string;
}
interface SuggestBody {
  query: string;
  suggestions: Suggestion[];
  error?: { code: string; message: string };
}

const md = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const publicDocs = [
  {
    id: 'public-futenma',
    filename: 'futenma.md',
    contentBase64: md(
      '# 普天間飛行場\n\n普天間飛行場は宜野湾市にある。仲井眞弘多知事が日米同盟について述べた。\n\n' +
        '## 移設計画の経緯\n\n普天間飛行場の移設は長く議論されてきた。日米同盟の要である。\n',
    ),
    tags: ['public'],
  },
  { id: 'public-kenroku', title: '兼六園', text: '兼六園は金沢市にある日本庭園である。', tags: ['public'] },
];
// Every word here is the secret tenant's own: none of it is in the public documents.
const secretDocs = [
  {
    id: 'secret-plan',
    filename: 'plan.md',
    contentBase64: md(
      '# 秘密基地計画書\n\nゾルゲ諜報団とZephyrusプロジェクトの記録。\n\n## 尖閣諸島の防衛\n\n尖閣諸島の防衛体制を秘匿する。\n',
    ),
    tags: ['secret'],
  },
];
// What the public key may ever be shown: its documents, its synonyms and its own queries.
const PUBLIC_TEXT = [
  '普天間飛行場',
  '普天間飛行場は宜野湾市にある。仲井眞弘多知事が日米同盟について述べた。',
  '移設計画の経緯',
  '普天間飛行場の移設は長く議論されてきた。日米同盟の要である。',
  '兼六園',
  '兼六園は金沢市にある日本庭園である。',
  '安保体制',
  '普天間 移設',
].join('\n');

async function suggest(params: Record<string, string>, key = SEARCH) {
  const res = await svc.app.request(`/suggest?${new URLSearchParams(params)}`, { headers: bearer(key) });
  return { status: res.status, body: (await res.json()) as SuggestBody };
}
const texts = (b: SuggestBody) => b.suggestions.map((s) => s.text);
async function searchTwice(key: string, q: string) {
  for (let i = 0; i < 2; i++) {
    const res = await svc.app.request(`/search?${new URLSearchParams({ q, mode: 'keyword' })}`, {
      headers: bearer(key),
    });
    expect(res.status).toBe(200);
  }
}
async function mint(filter: string): Promise<string> {
  const res = await svc.app.request('/keys', {
    method: 'POST',
    headers: { ...admin, 'content-type': 'application/json' },
    body: JSON.stringify({ description: filter, filter, rateLimitPerMinute: 100_000 }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { key: string }).key;
}

beforeAll(async () => {
  svc = await startTestService(
    { ADMIN_KEY: ADMIN, SEARCH_KEY: SEARCH, ANALYTICS_FLUSH_MS: '3600000', RATE_LIMIT_PER_MINUTE: '0' },
    { embeddings: false },
  );
  await indexAllViaApi(svc.app, { documents: [...publicDocs, ...secretDocs] }, admin);
  const put = await svc.app.request('/synonyms', {
    method: 'PUT',
    headers: { ...admin, 'content-type': 'application/json' },
    body: JSON.stringify({
      sets: [
        ['日米同盟', '安保体制'],
        ['尖閣諸島', '釣魚島'],
      ],
    }),
  });
  expect(put.status).toBe(200);
  publicKey = await mint('tags = "public"');
  secretKey = await mint('tags = "secret"');
  // Queries with results, twice each (SUGGEST_MIN_SEARCHES), by three keys; one searched once only.
  await searchTwice(publicKey, '普天間 移設');
  await searchTwice(secretKey, '尖閣諸島の防衛');
  await searchTwice(SEARCH, '秘密基地');
  await svc.app.request(`/search?q=${encodeURIComponent('兼六園 庭園')}&mode=keyword`, { headers: bearer(SEARCH) });
  await svc.built.analytics.flush();
  // A scope this small gets its terms in its first answer (a large one's follow in the background: suggester.test.ts).
  for (const [key, q, term] of [
    [SEARCH, 'にちべい', '日米同盟'],
    [publicKey, 'にちべい', '日米同盟'],
    [secretKey, '諜報', '諜報'],
  ])
    expect(texts((await suggest({ q }, key)).body)).toContain(term);
});
afterAll(() => svc?.close());

describe('GET /suggest: Japanese as typed', () => {
  it('completes a kana or romaji prefix to the kanji forms that read that way', async () => {
    for (const q of ['ふて', 'フテ', 'futen', 'futenma', 'ふてんまひこう']) {
      const { status, body } = await suggest({ q });
      expect(status, q).toBe(200);
      expect(
        texts(body).some((t) => t.startsWith('普天間')),
        `${q}: ${texts(body)}`,
      ).toBe(true);
    }
    // A long vowel typed as it sounds, or as romaji folds it (東京 is "tokyo"): 兼六園 is けんろくえん.
    expect(texts((await suggest({ q: 'kenroku' })).body)).toContain('兼六園');
    expect(texts((await suggest({ q: 'けんろく' })).body)).toContain('兼六園');
  });

  it('finds a variant spelling by its folded form, and shows it as the document writes it', async () => {
    const { body } = await suggest({ q: '仲井真' });
    const found = body.suggestions.filter((s) => s.text.startsWith('仲井眞'));
    expect(found.length, JSON.stringify(body)).toBeGreaterThan(0);
    // No character of 仲井眞 was typed as written: nothing to mark.
    for (const s of found) expect(s.highlighted).toBeUndefined();
  });

  it('suggests titles, headings, frequent terms and synonyms, and marks a written prefix', async () => {
    const title = (await suggest({ q: '普天' })).body.suggestions.find((s) => s.text === '普天間飛行場');
    expect(title).toMatchObject({ source: 'title', highlighted: '<mark>普天</mark>間飛行場' });
    expect((await suggest({ q: '移設' })).body.suggestions).toContainEqual(
      expect.objectContaining({ text: '移設計画の経緯', source: 'heading' }),
    );
    expect((await suggest({ q: 'にちべい' })).body.suggestions).toContainEqual(
      expect.objectContaining({ text: '日米同盟', source: 'term' }),
    );
    expect((await suggest({ q: '安保' })).body.suggestions).toContainEqual(
      expect.objectContaining({ text: '安保体制', source: 'synonym' }),
    );
  });

  it("suggests the key's own popular queries first, and a query searched once not at all", async () => {
    const { body } = await suggest({ q: '普天間' }, publicKey);
    expect(body.suggestions[0]).toMatchObject({ text: '普天間 移設', source: 'query' });
    expect(texts((await suggest({ q: 'ふてんま' }, publicKey)).body)).toContain('普天間 移設');
    expect(texts((await suggest({ q: '兼六園' })).body)).not.toContain('兼六園 庭園');
    // Nothing typed: the key's most searched queries.
    expect((await suggest({ q: '' }, publicKey)).body).toEqual({
      query: '',
      suggestions: [{ text: '普天間 移設', source: 'query' }],
    });
    expect(texts((await suggest({ q: '' })).body)).toEqual(['秘密基地']);
  });

  it('answers bad input with the catalog 400, and no key with 401', async () => {
    for (const params of [
      {},
      { q: 'a'.repeat(201) },
      { q: 'ふて', limit: '0' },
      { q: 'ふて', limit: '21' },
      { q: 'ふて', limit: 'x' },
      { q: 'ふて', filter: 'tags = "secret"' },
    ]) {
      const { status, body } = await suggest(params as Record<string, string>);
      expect(status, JSON.stringify(params)).toBe(400);
      expect(body.error?.code).toBe('invalid_request');
    }
    expect((await svc.app.request('/suggest?q=ふて')).status).toBe(401);
  });
});

describe("a scoped key's suggestions never leave its filter", () => {
  const hostile = [
    '秘',
    '秘密',
    '秘密基地',
    'ひみつ',
    'ヒミツ',
    'himitsu',
    'himi',
    '尖閣',
    'せんかく',
    'senkaku',
    'センカク',
    'ゾルゲ',
    'ぞるげ',
    'zoruge',
    'zeph',
    'Zephyrus',
    '防衛',
    'ぼうえい',
    '釣魚',
    'ちょうぎょ',
    '諜報',
    '") OR (tags = "secret',
    'tags = "secret"',
    "秘密' OR 1=1 --",
    '\u0000秘密',
    '秘\u0007密',
    '秘密\r\n基地',
    '   ',
    '',
    'a'.repeat(200),
    '%',
    '*',
    '"',
    's',
    'h',
    'ひ',
    'z',
    '尖閣諸島の防衛',
  ];
  const outside = (t: string) => !PUBLIC_TEXT.includes(t);

  it(`over ${hostile.length} hostile prefixes, shows only its own documents, synonyms and queries`, async () => {
    let answered = 0;
    for (const q of hostile)
      for (const limit of ['8', '20']) {
        const { status, body } = await suggest({ q, limit }, publicKey);
        expect(status, JSON.stringify(q)).toBe(200);
        expect(texts(body).filter(outside), JSON.stringify(q)).toEqual([]);
        answered += body.suggestions.length;
      }
    // The public key was answered at all (its own titles for s, h, ひ…), so a leak would have been seen.
    expect(answered).toBeGreaterThan(0);
  });

  it('where the search key, which sees everything, gets the secret titles, terms and queries', async () => {
    expect(texts((await suggest({ q: 'ひみつ' })).body)).toContain('秘密基地計画書');
    expect(texts((await suggest({ q: 'senkaku' })).body)).toContain('尖閣諸島');
    expect(texts((await suggest({ q: '釣魚' })).body)).toContain('釣魚島');
    expect(texts((await suggest({ q: '秘密' })).body)).toContain('秘密基地');
    // The secret key sees its own, and its query, but not the search key's query.
    const own = texts((await suggest({ q: '尖閣' }, secretKey)).body);
    expect(own).toEqual(expect.arrayContaining(['尖閣諸島の防衛', '尖閣諸島']));
    expect(texts((await suggest({ q: '秘密' }, secretKey)).body)).not.toContain('秘密基地');
    expect(texts((await suggest({ q: '普天' }, secretKey)).body)).toEqual([]);
  });
});
