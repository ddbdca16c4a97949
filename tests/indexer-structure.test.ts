import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../indexer/chunker.ts';

const chunk = (text: string, minChars?: number) => chunkDocument({ id: 'd', title: '', text }, { minChars });
const paths = (text: string, minChars?: number) =>
  chunk(text, minChars).map((c) => [c.headingPath.join(' > '), c.text]);

describe('heading recognition', () => {
  it('reads 第N章, 一、, full-width numbering and (ア) short lines as nested headings', () => {
    const text = [
      '第1章 総則',
      '一、目的',
      'この規程は会議の運営について定めるものである。',
      '（１）対象',
      'すべての会議に適用する。',
      '(ア)例外',
      '非公開の会議は除く。',
      '２　手続',
      '議長が招集する。',
    ].join('\n');
    expect(paths(text)).toEqual([
      ['一、目的', 'この規程は会議の運営について定めるものである。'],
      ['一、目的 > （１）対象', 'すべての会議に適用する。'],
      ['一、目的 > （１）対象 > (ア)例外', '非公開の会議は除く。'],
      ['２　手続', '議長が招集する。'],
    ]);
  });

  it('nests Markdown headings by the number of #', () => {
    const text = '# 手引き\n## 導入\n導入の本文である。\n### 詳細\n詳細の本文である。\n## 運用\n運用の本文である。';
    expect(paths(text)).toEqual([
      ['手引き > 導入', '導入の本文である。'],
      ['手引き > 導入 > 詳細', '詳細の本文である。'],
      ['手引き > 運用', '運用の本文である。'],
    ]);
    expect(chunk(text)[0].title).toBe('手引き');
  });

  it('does not take numbered sentences or English text for headings', () => {
    const text = 'Minutes\n\n3 people attended the meeting. They agreed.\n1 件目の議題は予算であった。';
    expect(paths(text, 0)).toEqual([
      ['', '3 people attended the meeting. They agreed.'],
      ['', '1 件目の議題は予算であった。'],
    ]);
  });

  it('keeps English sentences whole when a number follows a full stop', () => {
    const text = 'Report\nWe met at 10. 3 people came';
    expect(paths(text)).toEqual([['', 'We met at 10. 3 people came']]);
  });
});

describe('preamble and title', () => {
  it('skips dates and bylines when choosing the title', () => {
    const text = '外務省\n日米首脳会談\n令和6年4月10日\n\n両首脳は日米同盟の強化について意見交換を行った。';
    const chunks = chunk(text);
    expect(chunks.map((c) => [c.title, c.text])).toEqual([
      ['日米首脳会談', '両首脳は日米同盟の強化について意見交換を行った。'],
    ]);
  });

  it('prefers the last preamble line, which follows labels such as 報道発表', () => {
    const text = '報道発表\n日米外相会談の開催について\n\n岸田外務大臣は米国を訪問し,ケリー国務長官と会談を行います。';
    expect(chunk(text).map((c) => c.title)).toEqual(['日米外相会談の開催について']);
  });

  it('indexes every line of a document made only of short lines', () => {
    const chunks = chunkDocument({ id: 'd', title: '', text: '買い物\n牛乳\n卵' }, { minChars: 0 });
    expect(chunks.map((c) => c.text)).toEqual(['買い物', '牛乳', '卵']);
  });
});

describe('short paragraphs', () => {
  it('joins tiny paragraphs of one section, and never across a heading', () => {
    const text =
      '## 持ち物\n- 筆記用具\n- 名札\n- 資料\n## 会場\n本館の三階にある大会議室を使う。会議室の予約は総務課が行う。';
    const chunks = chunk(text);
    expect(chunks.map((c) => [c.headingPath, c.text])).toEqual([
      [['持ち物'], '- 筆記用具\n- 名札\n- 資料'],
      [['会場'], '本館の三階にある大会議室を使う。会議室の予約は総務課が行う。'],
    ]);
    for (const c of chunks) expect(text.slice(c.start, c.end)).toBe(c.text);
  });
});
