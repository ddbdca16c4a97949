import { toKatakana } from 'wanakana';
import type { Fold } from '../../text/fold/fold.ts';
import { foldRomaji, isKanaQuery } from '../../text/reading/romaji.ts';
import type { PrefixKeys } from './dictionary.ts';
import { foldedKey } from './entry.ts';

const LATIN = /^[a-z' -]+$/;

/** What was typed, cleaned: control characters become spaces, the ends trimmed. */
export const typedText = (q: string) => q.replace(/\p{Cc}/gu, ' ').trim();

/**
 * A typed prefix as the dictionary looks it up: folded like the entries (仲井真 finds 仲井眞), kana as katakana
 * (ふて → フテ, the entries' readings), Latin letters as romaji folded like the readings (toukyo → tokyo).
 */
export function prefixKeys(typed: string, fold: Fold): PrefixKeys {
  const keys: PrefixKeys = { folded: foldedKey(fold, typed) };
  if (isKanaQuery(typed)) keys.katakana = toKatakana(typed).replace(/\s+/g, '');
  const plain = typed.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  if (LATIN.test(plain)) keys.romaji = foldRomaji(plain.replace(/[\s'-]/g, '')) || undefined;
  return keys;
}
