import { describe, expect, it } from 'vitest';
import { answerQuery, pickAnswer } from '../search/answer/pick-answer.ts';
import { splitSentencesOutsideBrackets } from '../text/sentences.ts';
import { answersFor } from '../search/answer/answers.ts';
import { chunkTerms } from '../search/lexical/chunk-terms.ts';
import { chunkDocument } from '../indexer/chunker.ts';

const one = () => 1;
const sentences = (text: string) => splitSentencesOutsideBrackets(text).map((s) => text.slice(s.start, s.end));

describe('sentence splitting', () => {
  it('keeps quoted and parenthesised text whole, and splits after the closing marks', () => {
    // A 。 inside brackets never ends a sentence: the parenthetical joins what follows it.
    expect(
      sentences('彼は「明日は晴れる。傘はいらない。」と言った。（詳細は後述。）次の日は雨だった！？本当だ。'),
    ).toEqual(['彼は「明日は晴れる。傘はいらない。」と言った。', '（詳細は後述。）次の日は雨だった！？', '本当だ。']);
  });

  it('always splits at newlines, trims whitespace and gives offsets into the original text', () => {
    const text = '  見出し\n\n本文の一文目。 　二文目」\n';
    const spans = splitSentencesOutsideBrackets(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['見出し', '本文の一文目。', '二文目」']);
    expect(spans[0].start).toBe(2);
  });

  it('does not let an unclosed bracket swallow the rest of a long paragraph', () => {
    const text = `「${'あ'.repeat(400)}。次の文。`;
    expect(splitSentencesOutsideBrackets(text).length).toBe(2);
  });
});

describe('pickAnswer', () => {
  it('returns the answering sentence as a slice of the original text, even where NFKC changes its length', () => {
    // ㈱ → (株) and half-width ﾃﾞｰﾀ → データ change length under NFKC; the offsets must still index the input.
    const text = 'ﾃﾞｰﾀ㈱は情報処理の会社である。ﾃﾞｰﾀ㈱の本社は東京都港区にある。';
    const a = pickAnswer(answerQuery('データ株式会社の本社はどこにある？', one), text)!;
    expect(a.text).toBe('ﾃﾞｰﾀ㈱の本社は東京都港区にある。');
    expect(text.slice(a.start, a.end)).toBe(a.text);
    expect(a.score).toBeGreaterThan(0);
  });

  it('keeps a quoted answer inside its sentence', () => {
    const text = '作品は高く評価された。作者は受賞の際「この作品は十年かけた。悔いはない。」と語った。';
    const a = pickAnswer(answerQuery('作者は受賞の際に何と語った？', one), text)!;
    expect(a.text).toBe('作者は受賞の際「この作品は十年かけた。悔いはない。」と語った。');
  });

  it('prefers the sentence that answers a when question over one that only restates it', () => {
    const text = '東京タワーはいつ完成したのか。東京タワーは1958年に完成した。';
    const a = pickAnswer(answerQuery('東京タワーはいつ完成した？', one), text)!;
    expect(a.text).toBe('東京タワーは1958年に完成した。');
  });

  it('prefers the sentence that answers a where question over one that only restates it', () => {
    const text = 'では、東京タワーはどこにあるのだろうか？\n東京タワーは東京都港区芝公園にある電波塔である。';
    const a = pickAnswer(answerQuery('東京タワーはどこにある？', one), text)!;
    expect(a.text).toBe('東京タワーは東京都港区芝公園にある電波塔である。');
    expect(a.start).toBe(text.indexOf('東京タワーは東京都'));
  });

  it('weighs terms by the caller’s idf: a rare term outweighs a common one', () => {
    const text = '富士山の標高は高い。静岡県の名物は多い。';
    const q = '富士山と静岡県の関係は？';
    const rare = (word: string) => answerQuery(q, (code) => (answerQuery(word, one).termSet.has(code) ? 5 : 0.1));
    expect(pickAnswer(rare('富士山'), text)!.text).toBe('富士山の標高は高い。');
    expect(pickAnswer(rare('静岡県'), text)!.text).toBe('静岡県の名物は多い。');
  });

  it('returns null for a question with no terms (all hiragana) or a text with no sentence', () => {
    expect(pickAnswer(answerQuery('これはなんですか？', one), '東京は日本の首都である。')).toBeNull();
    expect(pickAnswer(answerQuery('日本の首都は？', one), '')).toBeNull();
    expect(pickAnswer(answerQuery('日本の首都は？', one), ' \n　\n')).toBeNull();
  });
});

describe('answers from the sentences stored with a chunk', () => {
  const doc = {
    id: 'tower',
    title: '東京タワー',
    text: '東京タワーは電波塔である。「高さは333m。」と言われる。\n東京タワーは1958年に完成した。',
  };

  it('indexes each chunk with its sentence spans, and answers by them as by the text split again', () => {
    const [chunk] = chunkDocument(doc);
    const spans = chunk.sentences!;
    const pairs = Array.from({ length: spans.length / 2 }, (_, i) => chunk.text.slice(spans[2 * i], spans[2 * i + 1]));
    expect(pairs).toEqual(sentences(chunk.text));
    const q = '東京タワーはいつ完成した？';
    const stored = answersFor(q, [chunkTerms({ head: chunk.title, text: chunk.text, spans })])(chunk.text);
    const split = answersFor(q, [chunkTerms({ head: chunk.title, text: chunk.text })])(chunk.text);
    expect(stored?.text).toBe('東京タワーは1958年に完成した。');
    expect(stored).toEqual(split);
  });

  it('splits the text again when the stored spans do not fit it (an index written by another version)', () => {
    const text = doc.text;
    const stale = chunkTerms({ head: '', text, spans: [0, text.length + 40] });
    expect(stale.spans.map((s) => text.slice(s.start, s.end))).toEqual(sentences(text));
    expect(answersFor('東京タワーはいつ完成した？', [stale])(text)?.text).toBe('東京タワーは1958年に完成した。');
  });
});
