import { isKana, toKana, toRomaji } from 'wanakana';

/**
 * Romaji as kensaku matches it: Hepburn from kana (wanakana), without long vowels or apostrophes, since people type
 * 東京 as "tokyo" more than "toukyou" or "tōkyō" (ou, oo, uu and doubled vowels become one vowel).
 */
export function romajiOf(kana: string): string {
  return foldRomaji(toRomaji(kana));
}

/** Romaji folded as romajiOf folds it, for text already in Latin letters (a typed romaji prefix). */
export function foldRomaji(romaji: string): string {
  return romaji
    .toLowerCase()
    .replace(/['’-]/g, '')
    .replace(/ou/g, 'o')
    .replace(/([aiueo])\1+/g, '$1');
}

const LATIN_WORDS = /^[a-z' -]+$/;
const KANA_ONLY = /^[\p{Script=Hiragana}\p{Script=Katakana}ー\s]+$/u;

/** Whether a query is kana alone (a word typed before the IME converts it): it also searches the readings. */
export function isKanaQuery(q: string): boolean {
  return KANA_ONLY.test(q) && /\S/.test(q);
}

/**
 * The query as romaji readings, or null when it is not romaji: Latin letters only, and every word reads as kana in
 * full ("futenma", "tokyo", "shinzo"; not "meet", whose t is left over). Macrons and circumflexes are dropped first.
 */
export function romajiQuery(q: string): string | null {
  const plain = q.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
  if (!LATIN_WORDS.test(plain)) return null;
  const words = plain.split(/\s+/).filter(Boolean);
  const kana = words.map((w) => toKana(w.replace(/'/g, '')));
  if (!words.length || !kana.every((k) => isKana(k))) return null;
  return kana.map(romajiOf).join(' ');
}
