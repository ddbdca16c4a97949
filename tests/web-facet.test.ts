/**
 * The facet helpers the page and the widget share (web/shared/facet-filter.ts, facet-values.ts): a value becomes one
 * quoted literal whatever it holds, and the real kensaku API (real Meilisearch, keyword mode: no model) finds exactly
 * the document carrying each hostile tag and nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facetFilter, filterLiteral, isFacetAttribute } from '../web/shared/facet-filter.ts';
import { facetsEstimated, facetValues } from '../web/shared/facet-values.ts';
import type { SearchResponse } from '../search/types.ts';
import { indexViaApi, startTestService, type TestService } from './helpers/service.ts';

const HOSTILE = [
  'a "b"',
  '") OR ("',
  'garden") OR (tags = "castle',
  'x" OR tags != "',
  'back\\slash',
  'trailing\\',
  '\\"',
  '\\\\"',
  '"',
  'NOT tags = "garden"',
  'tags EXISTS',
  '',
  '  spaced  ',
  '庭園 "兼六園"',
];

/** What a string literal reads as, per the rule the helper promises: `\` escapes the next character. */
function readLiteral(literal: string): { value: string; rest: string } {
  expect(literal[0]).toBe('"');
  let value = '';
  for (let i = 1; i < literal.length; i++) {
    const c = literal[i];
    if (c === '\\') value += literal[++i];
    else if (c === '"') return { value, rest: literal.slice(i + 1) };
    else value += c;
  }
  throw new Error(`unterminated literal ${literal}`);
}

describe('facetFilter', () => {
  it('quotes the value, escaping double quotes and backslashes', () => {
    expect(facetFilter('tags', 'a "b"')).toBe('tags = "a \\"b\\""');
    expect(facetFilter('tags', 'garden')).toBe('tags = "garden"');
    expect(facetFilter('tags', 'back\\slash')).toBe('tags = "back\\\\slash"');
    expect(facetFilter('tags', 'trailing\\')).toBe('tags = "trailing\\\\"');
    expect(facetFilter('source', '") OR ("')).toBe('source = "\\") OR (\\""');
  });

  it('a hostile value is one literal that ends the expression and reads back as the value', () => {
    for (const value of HOSTILE) {
      const filter = facetFilter('tags', value);
      expect(filter.startsWith('tags = "'), filter).toBe(true);
      expect(readLiteral(filter.slice('tags = '.length)), filter).toEqual({ value, rest: '' });
      expect(readLiteral(filterLiteral(value)).value).toBe(value);
    }
  });

  it('refuses an attribute that is not a plain name, since attributes are not quoted', () => {
    for (const bad of ['', 'tags = "x" OR tags', 'tags)', 'ta gs', '"tags"', 'tags\n', '1tags', 'tags.']) {
      expect(isFacetAttribute(bad), bad).toBe(false);
      expect(() => facetFilter(bad, 'x'), bad).toThrow();
    }
    for (const good of ['tags', 'source', 'documentId', 'meta.lang', '_x1'])
      expect(isFacetAttribute(good), good).toBe(true);
    expect(isFacetAttribute(undefined)).toBe(false);
  });
});

describe('facetValues', () => {
  const answer = (dist: Record<string, number> | undefined, estimated?: boolean) =>
    ({ facetDistribution: dist && { tags: dist }, facetsEstimated: estimated }) as Partial<SearchResponse>;

  it('lists the most frequent first, ties by value, at most max', () => {
    const body = answer({ b: 2, a: 2, c: 5, d: 1 });
    expect(facetValues(body, 'tags', '', 3)).toEqual([
      { value: 'c', count: 5, selected: false },
      { value: 'a', count: 2, selected: false },
      { value: 'b', count: 2, selected: false },
    ]);
  });

  it('always lists the chosen value, so it can be cleared: with its count, or 0 when the answer lacks it', () => {
    expect(
      facetValues(answer({ c: 5, a: 2, d: 1 }), 'tags', 'd', 2).map((v) => [v.value, v.count, v.selected]),
    ).toEqual([
      ['c', 5, false],
      ['a', 2, false],
      ['d', 1, true],
    ]);
    expect(facetValues(answer({}), 'tags', 'gone', 5)).toEqual([{ value: 'gone', count: 0, selected: true }]);
    expect(facetValues(answer(undefined), 'tags', '', 5)).toEqual([]);
    expect(facetValues(null, 'tags', '', 5)).toEqual([]);
  });

  it('says when the counts are estimated', () => {
    expect(facetsEstimated(answer({}, true))).toBe(true);
    expect(facetsEstimated(answer({}, false))).toBe(false);
    expect(facetsEstimated(answer({}))).toBe(false);
  });
});

describe('hostile facet values against the real API', () => {
  let service: TestService;
  const tagged = HOSTILE.filter((v) => v !== '');

  beforeAll(async () => {
    service = await startTestService({}, { embeddings: false });
    const documents = [
      ...tagged.map((tag, i) => ({ id: `hostile-${i}`, text: `庭園の案内 その${i}。`, tags: [tag] })),
      { id: 'plain-garden', text: '庭園の案内 ふつう。', tags: ['garden'] },
      { id: 'plain-castle', text: '庭園の案内 城。', tags: ['castle'] },
    ];
    expect(await indexViaApi(service.app, { documents })).toMatchObject({ status: 'succeeded' });
  });
  afterAll(() => service?.close());

  const search = async (params: Record<string, string>) => {
    const res = await service.app.request(
      `/search?${new URLSearchParams({ mode: 'keyword', limit: '50', ...params })}`,
    );
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as SearchResponse;
  };

  it("each value's filter finds exactly its own document, and its count is the number of hits", async () => {
    const all = await search({ q: '庭園', facets: 'tags' });
    for (const [i, tag] of tagged.entries()) {
      const body = await search({ q: '庭園', filter: facetFilter('tags', tag) });
      expect(
        body.hits.map((h) => h.documentId),
        JSON.stringify(tag),
      ).toEqual([`hostile-${i}`]);
      expect(all.facetDistribution!.tags[tag], JSON.stringify(tag)).toBe(body.hits.length);
    }
  });
});
