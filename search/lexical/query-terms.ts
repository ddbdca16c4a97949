import { lookupWord, type Lexicon } from './lexicon.ts';
import { eachTerm } from './terms.ts';

/** A query as the terms a chunk can cover: each term with the ways to match it. */
export interface QueryTerms {
  /** Per distinct term: alternatives, each a list of term codes a text must all hold (its own code; a translation's). */
  groups: number[][][];
  /** Latin words or phrases of the query that the lexicon gave Japanese forms. */
  translated: { from: string; to: string[] }[];
}

const WORD = 0x100000000;

/** The query's terms (lexical/terms.ts); with a lexicon, a Latin word or phrase also matches its Japanese forms. */
export function queryTerms(q: string, lexicon?: Lexicon | null): QueryTerms {
  const terms: { code: number; text: string; latin: boolean }[] = [];
  const seen = new Set<number>();
  eachTerm(q, (code, norm, start, end) => {
    if (seen.has(code)) return;
    seen.add(code);
    terms.push({ code, text: norm.slice(start, end), latin: code >= WORD });
  });
  const groups: number[][][] = [];
  const translated: QueryTerms['translated'] = [];
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i];
    if (!t.latin || !lexicon) {
      groups.push([[t.code]]);
      continue;
    }
    // The longest run of Latin words from here that the lexicon knows, e.g. "peace sign" before "peace".
    let matched = 1;
    let forms: readonly string[] = [];
    for (let n = Math.min(lexicon.maxWords, 4); n >= 1 && !forms.length; n--) {
      const run = terms.slice(i, i + n);
      if (run.length < n || !run.every((r) => r.latin)) continue;
      forms = n === 1 ? lookupWord(lexicon, t.text) : lexicon.lookup(run.map((r) => r.text).join(' '));
      matched = n;
    }
    const own = terms.slice(i, i + matched).map((r) => r.code);
    const alternatives = forms.map(codesOf).filter((codes) => codes.length > 0);
    groups.push([own, ...alternatives]);
    if (alternatives.length) translated.push({ from: terms.slice(i, i + matched).map((r) => r.text).join(' '), to: [...forms] });
    i += matched - 1;
  }
  return { groups, translated };
}

/** The share of the query's terms a text holds, each term weighted (default 1). 0 for a query without terms. */
export function coverage(query: QueryTerms, text: ReadonlySet<number>, weights?: readonly number[]): number {
  let held = 0;
  let total = 0;
  query.groups.forEach((alternatives, g) => {
    const w = weights ? weights[g] : 1;
    total += w;
    if (covers(alternatives, text)) held += w;
  });
  return total > 0 ? held / total : 0;
}

/** Each query term's IDF among candidate texts, ln(1 + (n − df + 0.5)/(df + 0.5)) as in BM25. */
export function candidateIdf(query: QueryTerms, texts: readonly ReadonlySet<number>[]): number[] {
  const n = texts.length;
  return query.groups.map((alternatives) => {
    const df = texts.reduce((k, t) => k + (covers(alternatives, t) ? 1 : 0), 0);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  });
}

/** Whether a text holds the term: all codes of one of its alternatives. */
export function covers(alternatives: number[][], text: ReadonlySet<number>): boolean {
  return alternatives.some((codes) => codes.every((c) => text.has(c)));
}

// A one-character form (核) has no character pair: it cannot be matched this way and is left out.
function codesOf(form: string): number[] {
  const codes: number[] = [];
  eachTerm(form, (code) => codes.includes(code) || codes.push(code));
  return codes;
}

/**
 * The Japanese forms of the query's translated words, as extra keyword queries: the first form of each word, then the
 * second, up to `max`. Each is one more query in the keyword leg's multi-search; 6 left "relations" without 関係
 * (its 8th form) and "Japan-South Korea relations" out of the top 3 (seed-en).
 */
export function translatedForms(query: QueryTerms, max = 12): string[] {
  const out: string[] = [];
  for (let round = 0; out.length < max; round++) {
    const next = query.translated.map((t) => t.to[round]).filter((f): f is string => f !== undefined);
    if (!next.length) break;
    for (const f of next) if (out.length < max && !out.includes(f)) out.push(f);
  }
  return out;
}
