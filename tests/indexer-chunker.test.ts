import { describe, expect, it } from 'vitest';
import { chunkDocument, embeddingText, normalizeForMatch } from '../indexer/chunker.ts';
import type { Chunk } from '../domain/documents.ts';
import { sampleDoc, sampleText } from './fixtures/indexer-sample.ts';

const chunks = chunkDocument(sampleDoc());
const chunkWith = (needle: string, list: Chunk[] = chunks): Chunk => {
  const found = list.filter((chunk) => chunk.text.includes(needle));
  expect(found, `exactly one chunk contains ${needle}`).toHaveLength(1);
  return found[0];
};

describe('chunkDocument on the sample MOFA summary', () => {
  it('puts the 普天間 paragraph under 2 日米関係 > (2)安全保障', () => {
    expect(chunkWith('普天間問題に関し').headingPath).toEqual(['2 日米関係', '(2)安全保障']);
  });

  it('splits the heading glued to the TPP paragraph off into a new level-1 section', () => {
    const tpp = chunkWith('TPPは日米同盟');
    expect(tpp.headingPath).toEqual(['2 日米関係', '(3)TPP']);
    expect(tpp.text.endsWith('必要である旨述べた。')).toBe(true);
    expect(tpp.text).not.toContain('アジア太平洋地域情勢');
    const northKorea = chunks.filter((chunk) => chunk.text.includes('北朝鮮') && chunk.ordinal > tpp.ordinal);
    expect(northKorea.length).toBeGreaterThan(0);
    for (const chunk of northKorea)
      expect(chunk.headingPath.slice(0, 2)).toEqual(['3 アジア太平洋地域情勢', '(1)北朝鮮']);
  });

  it('recognises exactly the document headings, and no chunk is only a heading', () => {
    const headings = [...new Set(chunks.flatMap((chunk) => chunk.headingPath))];
    expect(headings).toEqual([
      '1 冒頭発言',
      '2 日米関係',
      '(1)オバマ大統領の訪日招請',
      '(2)安全保障',
      '(3)TPP',
      '3 アジア太平洋地域情勢',
      '(1)北朝鮮',
      '(2)日韓関係',
      '(3)中国',
      '4 その他',
    ]);
    for (const chunk of chunks) expect(headings).not.toContain(chunk.text);
    expect(chunks).toHaveLength(13);
  });

  it('keeps (ア)/(イ) item markers in the paragraph text instead of making them headings', () => {
    const item = chunkWith('安倍政権が国際協調主義');
    expect(item.text.startsWith('(ア)岸田大臣より,')).toBe(true);
    expect(item.headingPath).toEqual(['2 日米関係', '(2)安全保障']);
    expect(chunkWith('防空識別区').text.startsWith('(イ)特に,')).toBe(true);
  });

  it('takes the title from the preamble and does not index the title or byline lines', () => {
    for (const chunk of chunks) expect(chunk.title).toBe('日米外相会談(概要)');
    expect(chunks.map((chunk) => chunk.text)).not.toContain('岸田外務大臣');
    expect(chunks.map((chunk) => chunk.text)).not.toContain('日米外相会談(概要)');
    expect(chunks[0].text.startsWith('2月7日11時30分より')).toBe(true);
  });

  it('keeps a title the document already has', () => {
    const titled = chunkDocument({ ...sampleDoc(), title: '日米外相会談' });
    expect(new Set(titled.map((chunk) => chunk.title))).toEqual(new Set(['日米外相会談']));
  });

  it('gives offsets that slice the original text back, in document order', () => {
    let previousEnd = 0;
    for (const chunk of chunks) {
      expect(sampleText.slice(chunk.start, chunk.end)).toBe(chunk.text);
      expect(chunk.text).toBe(chunk.text.trim());
      expect(chunk.start).toBeGreaterThanOrEqual(previousEnd);
      previousEnd = chunk.end;
    }
  });

  it('gives stable chunk ids and hashes across runs', () => {
    const again = chunkDocument(sampleDoc());
    expect(again.map((chunk) => [chunk.chunkId, chunk.hash])).toEqual(
      chunks.map((chunk) => [chunk.chunkId, chunk.hash]),
    );
    expect(chunks.map((chunk) => chunk.chunkId)).toEqual(chunks.map((_, i) => `mofa-2014-02-07#${i}`));
    expect(new Set(chunks.map((chunk) => chunk.hash)).size).toBe(chunks.length);
  });

  it('changes the hash of an edited chunk only', () => {
    const edited = chunkDocument(sampleDoc(sampleText.replace('大きな一歩であった', '大きな前進であった')));
    const changed = edited.filter((chunk, i) => chunk.hash !== chunks[i].hash).map((chunk) => chunk.ordinal);
    expect(changed).toEqual([chunkWith('普天間問題に関し').ordinal]);
  });

  it('changes the hash of every chunk under an edited heading', () => {
    const edited = chunkDocument(sampleDoc(sampleText.replace('(2)安全保障', '(2)安全保障政策')));
    const changed = edited.filter((chunk, i) => chunk.hash !== chunks[i].hash).map((chunk) => chunk.ordinal);
    const underHeading = chunks.filter((chunk) => chunk.headingPath[1] === '(2)安全保障').map((chunk) => chunk.ordinal);
    expect(underHeading).toHaveLength(3);
    expect(changed).toEqual(underHeading);
  });

  it('builds the embedding text from title, heading path and NFKC text', () => {
    const futenma = chunkWith('普天間問題に関し');
    expect(embeddingText(futenma)).toBe(`日米外相会談(概要)\n2 日米関係 > (2)安全保障\n${futenma.text}`);
    expect(embeddingText({ title: '', headingPath: ['（１）ＴＰＰ'], text: 'ＴＰＰ交渉' })).toBe('(1)TPP\nTPP交渉');
    expect(normalizeForMatch('ＴＰＰ（１）ｶﾀｶﾅ')).toBe('TPP(1)カタカナ');
  });
});

describe('chunkDocument on long paragraphs', () => {
  const sentence = (i: number) =>
    `第${i}の文として岸田大臣より日米同盟の強化に向けた具体的な協力を確認したい旨述べた。`;
  const paragraph = Array.from({ length: 20 }, (_, i) => sentence(i + 1)).join('');
  const doc = { id: 'long', title: '長い段落', text: `1 概要\n${paragraph}\n2 次の節\n短い本文である。ここまで。` };

  it('splits a paragraph over maxChars at 。 into pieces under maxChars, losing nothing', () => {
    const pieces = chunkDocument(doc, { maxChars: 200 }).filter((chunk) => chunk.headingPath[0] === '1 概要');
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) {
      expect(piece.text.length).toBeLessThanOrEqual(200);
      expect(piece.text.endsWith('述べた。')).toBe(true);
      expect(piece.text.startsWith('第')).toBe(true);
    }
    expect(pieces.map((piece) => piece.text).join('')).toBe(paragraph);
  });

  it('cuts mid-sentence only when one sentence alone exceeds maxChars', () => {
    const huge = `${'あ'.repeat(450)}。短い文。`;
    const pieces = chunkDocument({ id: 'huge', title: 't', text: huge }, { maxChars: 200 });
    expect(pieces.map((piece) => piece.text.length)).toEqual([200, 200, 55]);
    expect(pieces[2].text.endsWith('。短い文。')).toBe(true);
    expect(pieces.map((piece) => piece.text).join('')).toBe(huge);
  });

  it('keeps closing brackets with the sentence they close', () => {
    const quoted = `${'彼は「これは長い引用文である。」と述べた。'.repeat(10)}`;
    for (const piece of chunkDocument({ id: 'q', title: 't', text: quoted }, { maxChars: 50 })) {
      expect(piece.text.startsWith('」')).toBe(false);
      expect(piece.text.length).toBeLessThanOrEqual(50);
    }
  });
});
