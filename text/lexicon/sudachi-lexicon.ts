import { createRequire } from 'node:module';
import { createLexicon, type Lexicon } from './lexicon.ts';

/** One form of a synonym group of Sudachi's synonym dictionary (the fields kensaku reads). */
interface SudachiItem {
  midashi: string;
  /** 0: expands and is expanded to; 1: only expanded to; 2: never used in expansion. */
  expandControl: 0 | 1 | 2;
  /** e.g. 代表表記, アルファベット表記, 異表記・表記ゆれ, 間違い表記. */
  hyoukiYure: string;
  /** Forms of one group with the same number are one word (spellings, abbreviations); other numbers are synonyms. */
  vocabularyNumber: number;
}

/** The dictionary's groups, each form usable in expansion (not marked never to expand, not a misspelling). */
export async function loadSudachiGroups(): Promise<SudachiItem[][]> {
  // The package's ESM entry points at a file it does not ship; its CommonJS entry works.
  const pkg = createRequire(import.meta.url)('sudachi-synonyms-dictionary') as {
    fetchDictionary(): Promise<{ items: SudachiItem[] }[]>;
  };
  return (await pkg.fetchDictionary()).map((g) =>
    g.items.filter((i) => i.expandControl !== 2 && i.hyoukiYure !== '間違い表記'),
  );
}

export const LATIN = /^[\p{Script=Latin}0-9][\p{Script=Latin}0-9 .'&-]*$/u;

/**
 * Latin → Japanese from Sudachi's synonym dictionary (npm sudachi-synonyms-dictionary, Apache-2.0, WorksApplications):
 * 26k groups of synonyms, 19k of which have a Latin form (Hague → ハーグ, TPP → 環太平洋パートナーシップ協定). Each Latin
 * form gets every Japanese form of its group; forms marked never to expand and misspellings are skipped. Latin forms
 * marked "only expanded to" (TPP, peace) still lead to Japanese: that flag keeps Japanese text from growing English
 * words, while a query written in Latin letters on a Japanese index has no other way to its terms.
 */
export async function loadSudachiLexicon(): Promise<Lexicon> {
  const entries: [string, string[]][] = [];
  for (const usable of await loadSudachiGroups()) {
    const japanese = usable.filter((i) => !LATIN.test(i.midashi)).map((i) => i.midashi);
    if (!japanese.length) continue;
    for (const item of usable) if (LATIN.test(item.midashi)) entries.push([item.midashi, japanese]);
  }
  return createLexicon('sudachi-synonyms', entries);
}
