import itaiji from './itaiji.json' with { type: 'json' };
import { FOLD_RULES, type FoldRule } from '../../domain/fold-rules.ts';

export { FOLD_RULES, type FoldRule };

/**
 * The spelling variants kensaku folds, in text and queries alike, beyond NFKC:
 * - `itaiji`: old and variant kanji to the common form (Unihan, itaiji.json: 眞 → 真, 髙 → 高), and ideographic
 *   variation selectors (IVS, 葛󠄀 → 葛) dropped;
 * - `vu`: ヴァ ヴィ ヴ ヴェ ヴォ → バ ビ ブ ベ ボ;
 * - `long-vowel`: a long-vowel mark ending a katakana word after three or more characters (コンピューター → コンピュータ,
 *   サーバー → サーバ; コピー keeps it);
 * - `kana`: small ヶ ヵ as full ケ カ, historical ヰ ヱ ゐ ゑ as イ エ い え, the wave dash 〜 as ~.
 */

export interface Folded {
  text: string;
  /** For each UTF-16 unit of `text` (and one past its end), the offset in the input it came from. */
  from: number[];
}

export interface Fold {
  rules: readonly FoldRule[];
  /** Folds NFKC text (normalizeForMatch's output). */
  text(s: string): string;
  /** The same, with each output unit's offset in the input: what lets a match in folded text mark the original. */
  withMap(s: string): Folded;
}

const ITAIJI: Record<string, string> = itaiji.fold;
const VU: Record<string, string> = { ァ: 'バ', ィ: 'ビ', ェ: 'ベ', ォ: 'ボ' };
const KANA: Record<string, string> = { ヶ: 'ケ', ヵ: 'カ', ヰ: 'イ', ヱ: 'エ', ゐ: 'い', ゑ: 'え', '〜': '~' };
const LONG = 'ー';
// Katakana letters and the long-vowel mark: what a katakana word is made of.
const isKatakana = (c: string | undefined) => c !== undefined && ((c >= '\u30a1' && c <= '\u30fa') || c === LONG);
const isSelector = (cp: number) => (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
// Short words keep the mark (カー, コピー): without it they would meet other words (カ, コピ). JIS Z 8301's rule of thumb.
const LONG_MIN_KANA = 3;

// Code units a rule may change or must look at: ヴ, ー, the kana rule's, the BMP itaiji keys, the selectors, and every
// surrogate (supplementary itaiji and selectors). Any other unit folds to itself, and is copied in runs.
let special: Uint8Array | undefined;
function specialUnits(): Uint8Array {
  if (special) return special;
  special = new Uint8Array(0x10000);
  for (let u = 0xd800; u <= 0xdfff; u++) special[u] = 1;
  for (let u = 0xfe00; u <= 0xfe0f; u++) special[u] = 1;
  for (const c of ['ヴ', LONG, ...Object.keys(KANA), ...Object.keys(ITAIJI)])
    if (c.length === 1) special[c.charCodeAt(0)] = 1;
  return special;
}

export function createFold(rules: readonly FoldRule[] = FOLD_RULES): Fold {
  const on = new Set(rules);
  const table = specialUnits();
  // `from` only when asked for: terms, fields and queries fold without a map (the search's hot path).
  function fold(s: string, from: number[] | null): string {
    let text = '';
    let copied = 0; // s[copied, i) folds to itself and is not in `text` yet
    let run = 0; // characters so far of the current katakana word, long-vowel marks included (サーバー: 3 before the last)
    const put = (out: string, at: number) => {
      text += out;
      if (from) for (let k = 0; k < out.length; k++) from.push(at);
    };
    const flush = (to: number) => {
      if (to > copied) text += s.slice(copied, to);
      if (from) for (let k = copied; k < to; k++) from.push(k);
    };
    for (let i = 0; i < s.length; ) {
      const unit = s.charCodeAt(i);
      if (table[unit] === 0) {
        run = (unit >= 0x30a1 && unit <= 0x30fa) || unit === 0x30fc ? run + 1 : 0;
        i++;
        continue;
      }
      flush(i);
      const cp = s.codePointAt(i)!;
      const c = String.fromCodePoint(cp);
      const next = i + c.length;
      if (on.has('itaiji') && isSelector(cp)) {
        i = copied = next;
        continue;
      }
      let out = c;
      let width = c.length;
      if (on.has('vu') && c === 'ヴ') {
        const vowel = VU[s[next]];
        out = vowel ?? 'ブ';
        if (vowel) width += 1;
      } else if (on.has('long-vowel') && c === LONG && run >= LONG_MIN_KANA && !isKatakana(s[next])) {
        out = '';
      } else if (on.has('kana') && KANA[c]) {
        out = KANA[c];
      } else if (on.has('itaiji') && ITAIJI[c]) {
        out = ITAIJI[c];
      }
      run = isKatakana(c) ? run + 1 : 0;
      put(out, i);
      i += width;
      copied = i;
    }
    flush(s.length);
    from?.push(s.length);
    return text;
  }
  return {
    rules: [...rules],
    text: (s) => (rules.length ? fold(s, null) : s),
    withMap(s) {
      if (!rules.length) return { text: s, from: [...Array(s.length + 1).keys()] };
      const from: number[] = [];
      return { text: fold(s, from), from };
    },
  };
}

/** Every rule: the fold kensaku's own matching (coverage, rerank, answers) reads text through. */
export const FULL_FOLD = createFold();
