import type { TermCount } from '../store/term-counts.ts';
import { asksIndex, translatesIn } from '../text/lexicon/corpus-rule.ts';
import { planKeyword, type KeywordPlan, type KeywordPlanOptions } from './keyword-plan.ts';
import { mayReadQuery } from './reading-search.ts';
import { vocabulariesOf } from '../text/reading/vocabulary.ts';

/** What the index holds of each term, folded as the keyword leg sends it (ChunkStore.termCounts). */
export type TermCounter = (terms: string[]) => Promise<TermCount[]>;

// A refused phrase ("web components") leaves its words to check: a round each, rarely more than two.
const MAX_ROUNDS = 3;

/**
 * planKeyword with the index's reading words (a kana or romaji phrase is cut into them), and with the lexicon told
 * what the index holds: in a query written in Japanese too (asksIndex), a Latin word
 * or phrase the lexicon knows is translated only as translatesIn says (text/lexicon/corpus-rule.ts). A query with nothing to translate costs nothing; otherwise one
 * multi-search of counts (cached by the store). If counting fails the plan translates as the lexicon alone would.
 */
export async function planKeywordInIndex(
  q: string,
  input: KeywordPlanOptions & { counts?: TermCounter; readingWords?: () => Promise<ReadonlyMap<string, number>> },
): Promise<KeywordPlan> {
  // A kana or romaji query is cut by the index's reading words (store.readingWords: cached, read once per change).
  const options =
    input.readings && input.readingWords && mayReadQuery(q)
      ? { ...input, vocabulary: vocabulariesOf(await input.readingWords()) }
      : input;
  let plan = planKeyword(q, options);
  if (!options.counts || !options.lexicon || !asksIndex(q)) return plan;
  const fold = (s: string) => options.fold.text(s);
  const decided = new Map<string, boolean>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const open = plan.terms.translated.filter((t) => !decided.has(t.from));
    if (!open.length) break;
    const asked = [...new Set(open.flatMap((t) => [t.from, ...t.to]).map(fold))];
    let counts: TermCount[];
    try {
      counts = await options.counts(asked);
    } catch {
      return plan;
    }
    const of = new Map(asked.map((term, i) => [term, counts[i]]));
    for (const t of open) {
      const word = of.get(fold(t.from))!;
      const forms = t.to.map((f) => of.get(fold(f))!.all);
      decided.set(t.from, translatesIn({ asWritten: word.all, inCode: word.code, forms }));
    }
    plan = planKeyword(q, { ...options, translate: (from) => decided.get(from) ?? true });
  }
  return plan;
}
