import { describe, expect, it } from 'vitest';
import { createDictionary } from '../search/suggest/dictionary.ts';
import { foldedKey, type SuggestEntry } from '../search/suggest/entry.ts';
import { prefixKeys } from '../search/suggest/prefix-keys.ts';
import { createFold } from '../text/fold/fold.ts';
import { loadAnalyser } from '../text/reading/analyser.ts';
import { phraseReading } from '../text/reading/phrase-reading.ts';

const fold = createFold();
const entry = (text: string, source: SuggestEntry['source'], weight: number): SuggestEntry => ({
  text,
  folded: foldedKey(fold, text),
  reading: phraseReading(loadAnalyser(), text),
  source,
  weight,
});

describe('suggestion dictionary', () => {
  it('reads a typed prefix as romaji folded like the readings, and as katakana', () => {
    expect(prefixKeys('toukyo', fold)).toMatchObject({ romaji: 'tokyo' });
    expect(prefixKeys('Tōkyō', fold)).toMatchObject({ romaji: 'tokyo' });
    expect(prefixKeys('ふて', fold)).toMatchObject({ katakana: 'フテ' });
    expect(prefixKeys('普天', fold)).toEqual({ folded: '普天' });
  });

  it('keeps the best of many matches in rank order: source and weight, then the shorter', () => {
    const many = Array.from({ length: 300 }, (_, i) => entry(`東京${i}号`, 'term', i % 7));
    const d = createDictionary([...many, entry('東京タワー', 'title', 1), entry('東京都', 'heading', 50)]);
    const got = d.lookup(prefixKeys('とうきょう', fold), 5).map((m) => m.entry.text);
    // A source's rank plus the log of its weight: a heading in 50 chunks outranks a title of one.
    expect(got.slice(0, 2)).toEqual(['東京都', '東京タワー']);
    // Then the heaviest terms, shorter first.
    expect(got.slice(2)).toEqual(['東京6号', '東京13号', '東京20号']);
    expect(d.lookup(prefixKeys('tokyo', fold), 5).map((m) => m.entry.text)).toEqual(got);
    // Written prefixes are marked as such; reading matches are not.
    expect(d.lookup(prefixKeys('東京タ', fold), 5)).toEqual([expect.objectContaining({ written: true })]);
    expect(d.lookup(prefixKeys('とうきょうた', fold), 5)).toEqual([expect.objectContaining({ written: false })]);
  });
});
