import { KensakuError } from '../errors/kensaku-error.ts';
import { foldTerm, writtenTerm } from './fold-term.ts';

/** Synonyms as an operator writes them: sets of equivalent terms, and one-way expansions (term → what it also finds). */
export interface SynonymsInput {
  sets?: string[][];
  oneWay?: Record<string, string[]>;
}

/** Meilisearch's form: each term and the terms a query for it also matches. */
export type SynonymMap = Record<string, string[]>;

/**
 * Above this, every keyword search slows: with Sudachi's 19k Latin → Japanese entries as Meilisearch synonyms, a
 * search over 2000 short documents went from under 1 ms to 40–150 ms (one Meilisearch 1.21, side by side).
 */
export const MAX_SYNONYM_TERMS = 5000;

/**
 * Compiles sets and expansions into one map, each key folded as query terms are (NFKC, variants, lower case), so
 * that a synonym of ＴＰＰ is a synonym of TPP, and of 仲井眞 one of 仲井真. A set of n terms becomes n entries, each term finding the others.
 */
export function compileSynonyms(input: SynonymsInput): SynonymMap {
  const map = new Map<string, Set<string>>();
  // Keys are folded, for lookup in the folded query; targets stay as written (NFKC, lower case), to be folded as the
  // index is (FOLD). Terms that fold alike are one term already: 仲井真 and 仲井眞 need no synonym.
  const add = (from: string, to: string) => {
    const key = fold(from);
    const target = written(to);
    if (key === foldTerm(target)) return;
    let targets = map.get(key);
    if (!targets) map.set(key, (targets = new Set()));
    targets.add(target);
  };
  for (const set of input.sets ?? []) {
    const terms = [...new Set(set.map(written))];
    if (terms.length < 2)
      throw new KensakuError('invalid_request', `a synonym set needs two different terms: ${JSON.stringify(set)}`);
    for (const a of terms) for (const b of terms) add(a, b);
  }
  for (const [from, to] of Object.entries(input.oneWay ?? {})) for (const t of to) add(from, t);
  if (map.size > MAX_SYNONYM_TERMS) {
    throw new KensakuError(
      'invalid_request',
      `${map.size} synonym terms: at most ${MAX_SYNONYM_TERMS}, since every keyword search pays for them`,
    );
  }
  return Object.fromEntries([...map].map(([k, v]) => [k, [...v].sort()]));
}

function written(term: string): string {
  const nfkc = writtenTerm(term);
  if (!nfkc) throw new KensakuError('invalid_request', 'a synonym term is empty');
  return nfkc;
}

function fold(term: string): string {
  const folded = foldTerm(term);
  if (!folded) throw new KensakuError('invalid_request', 'a synonym term is empty');
  return folded;
}
