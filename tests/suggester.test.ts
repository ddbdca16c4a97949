import { describe, expect, it } from 'vitest';
import { waitFor } from './helpers/wait.ts';
import type { StoredChunk } from '../domain/documents.ts';
import { createSuggester } from '../search/suggest/suggester.ts';
import { createFold } from '../text/fold/fold.ts';

const chunk = (id: string, title: string, text: string) =>
  ({ id, hash: id, title, headingPath: [], text, originalText: text }) as unknown as StoredChunk;
const chunks = [chunk('a', '普天間飛行場', '普天間飛行場の移設。'), chunk('b', '兼六園', '兼六園の庭園。')];
const storeOf = (all: StoredChunk[]) => ({
  pageChunks: async (_filter: string | undefined, limit: number, offset: number) => ({
    chunks: all.slice(offset, offset + limit),
    total: all.length,
  }),
  dataVersion: async () => 'v1',
  getSynonyms: async () => ({}),
});
const store = storeOf(chunks);
const options = { fold: createFold(), maxChunks: 1000, termChunks: 1000, minSearches: 2 };

describe('suggester', () => {
  it('answers from the documents and says so when the popular queries cannot be read', async () => {
    const s = createSuggester({
      ...options,
      store,
      popular: async () => {
        throw new Error('analytics store unreachable');
      },
    });
    const typed = await s.suggest('ふて', { key: 'search-key' }, 8);
    expect(typed.suggestions.map((x) => x.text)).toContain('普天間飛行場');
    expect(typed.degraded).toEqual([{ source: 'queries', error: 'analytics store unreachable' }]);
    expect(await s.suggest('', { key: 'search-key' }, 8)).toEqual({
      query: '',
      suggestions: [],
      degraded: [{ source: 'queries', error: 'analytics store unreachable' }],
    });
  });

  it('says nothing is missing when the queries were read', async () => {
    const s = createSuggester({ ...options, store, popular: async () => [{ query: '普天間 移設', searches: 3 }] });
    expect(await s.suggest('普天間', { key: 'search-key' }, 2)).toEqual({
      query: '普天間',
      suggestions: [
        { text: '普天間 移設', source: 'query', highlighted: '<mark>普天間</mark> 移設' },
        { text: '普天間飛行場', source: 'title', highlighted: '<mark>普天間</mark>飛行場' },
      ],
    });
  });

  it("answers a large scope's first request with titles at once, and its terms once analysed", async () => {
    const many = Array.from({ length: 150 }, (_, i) => chunk(`c${i}`, `文書${i}`, '普天間飛行場の移設。'));
    const s = createSuggester({ ...options, store: storeOf(many), popular: null });
    const terms = async () =>
      (await s.suggest('ふてんま', { key: 'search-key' }, 8)).suggestions.filter((x) => x.source === 'term');
    expect(await terms()).toEqual([]);
    expect((await s.suggest('文書1', { key: 'search-key' }, 3)).suggestions.map((x) => x.text)).toEqual([
      '文書1',
      '文書10',
      '文書11',
    ]);
    const later = await waitFor('the terms', async () => ((await terms()).length ? terms() : undefined));
    expect(later.map((x) => x.text)).toContain('普天間飛行場');
  });

  it("answers a small scope's first request with its terms too", async () => {
    const s = createSuggester({ ...options, store, popular: null });
    expect((await s.suggest('ていえん', { key: 'search-key' }, 8)).suggestions).toContainEqual({
      text: '庭園',
      source: 'term',
    });
  });
});
