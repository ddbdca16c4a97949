import { foldTerm, writtenTerm } from '../fold-term.ts';
import { LATIN, loadSudachiGroups } from './sudachi-lexicon.ts';

/**
 * One-character forms (米), and hiragana ones under three (けが, かえ), stand inside too many other words: as keys
 * they would rewrite them.
 */
const keyLongEnough = (form: string) => form.length >= (/^[\p{Script=Hiragana}ー]+$/u.test(form) ? 3 : 2);

/**
 * The default synonyms: the Japanese forms of each word of Sudachi's synonym dictionary, as sets (spellings and
 * abbreviations of one word: 日本体育協会/体協, 発売禁止/発禁, ウェブ広告/ウエブ広告), keys folded like query terms and
 * targets as written (text/query-terms.ts folds them as the index is). Only forms of
 * one word (one vocabularyNumber), not a group's other words, which are broader synonyms; Latin forms are the
 * lexicon's (sudachi-lexicon.ts). A form marked "only expanded to" is a target, never a key.
 */
export async function loadSudachiVariants(): Promise<Record<string, string[]>> {
  const map = new Map<string, Set<string>>();
  for (const group of await loadSudachiGroups()) {
    const words = new Map<number, { form: string; written: string; key: boolean }[]>();
    for (const item of group) {
      const written = writtenTerm(item.midashi);
      if (LATIN.test(written)) continue;
      const forms = words.get(item.vocabularyNumber) ?? [];
      forms.push({ form: foldTerm(item.midashi), written, key: item.expandControl === 0 });
      words.set(item.vocabularyNumber, forms);
    }
    for (const forms of words.values()) {
      for (const from of forms) {
        if (!from.key || !keyLongEnough(from.form)) continue;
        for (const to of forms) {
          if (to.form === from.form) continue;
          if (!map.has(from.form)) map.set(from.form, new Set());
          map.get(from.form)!.add(to.written);
        }
      }
    }
  }
  return Object.fromEntries([...map].map(([k, v]) => [k, [...v]]));
}
