/** A recognised heading line: its level in the heading path and its text as written. */
export interface Heading {
  level: number;
  text: string;
  /** The id a link to this heading takes (structured formats only). */
  anchor?: string;
}

const DIGIT = '0-9０-９';
const KANJI_NUMBER = '一二三四五六七八九十百千〇';
/** Japanese numbered headings are short labels; longer lines are body text. */
const MAX_HEADING_CHARS = 40;
const SENTENCE_MARK = /[。！？]|[.!?](?:\s|$)/u;
const TRAILING_PUNCT = /[,，、:：;；]$/u;

/** Official-document numbering, outermost first; level is the depth in the heading path. */
const NUMBERED: Array<{ pattern: RegExp; level: number }> = [
  { pattern: new RegExp(`^第[${DIGIT}${KANJI_NUMBER}]+[編部章]`, 'u'), level: 1 },
  { pattern: new RegExp(`^[${DIGIT}]{1,3}[ \\u3000]+\\S`, 'u'), level: 1 }, // 1 冒頭発言
  { pattern: new RegExp(`^[${KANJI_NUMBER}]+[、．]\\s*\\S`, 'u'), level: 1 }, // 一、総論
  { pattern: new RegExp(`^第[${DIGIT}${KANJI_NUMBER}]+節`, 'u'), level: 2 },
  { pattern: new RegExp(`^[(（][${DIGIT}]{1,3}[)）]`, 'u'), level: 2 }, // (1) / （１）
  { pattern: /^[(（][ァ-ヶｦ-ﾝ][)）]/u, level: 3 }, // (ア) / （イ）
];

const MARKDOWN = /^(#{1,6})[ \t\u3000]+(.+?)(?:[ \t]+#+)?[ \t]*$/u;

/**
 * Recognises a heading line (already trimmed). Numbered forms only count on a short line with no
 * sentence end, so `(ア)岸田大臣より,…述べた。` stays a paragraph that opens with an item marker.
 */
export function parseHeading(line: string): Heading | null {
  const markdown = MARKDOWN.exec(line);
  if (markdown) return { level: markdown[1].length, text: markdown[2] };
  if (line.length > MAX_HEADING_CHARS || SENTENCE_MARK.test(line) || TRAILING_PUNCT.test(line)) {
    return null;
  }
  const numbered = NUMBERED.find(({ pattern }) => pattern.test(line));
  return numbered ? { level: numbered.level, text: line } : null;
}
