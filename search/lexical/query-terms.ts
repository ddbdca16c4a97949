import { bm25Idf } from './idf.ts';
import { lookupWord, type Lexicon } from './lexicon.ts';
import { eachTerm } from './terms.ts';

/** A query as the terms a chunk can cover: each term with the ways to match it. */
export interface QueryTerms {
  /** Per distinct term: alternatives, each a list of term codes a text must all hold (its own code; a translation's). */
  groups: number[][][];
  /** Latin words or phrases of the query that the lexicon gave Japanese forms. */
  translated: { from: string; to: string[] }[];
  /** Synonyms found in the query (folded key → its terms), and the query with each put in the key's place. */
  synonyms: { from: string; to: string[] }[];
  rewritten: string[];
}

const WORD = 0x100000000;

/**
 * The query's terms (lexical/terms.ts). With a lexicon, a Latin word or phrase also matches its Japanese forms; with
 * synonyms (folded keys, service/synonyms.ts), the terms of a key found in the query also match each of its targets.
 */
export function queryTerms(q: string, lexicon?: Lexicon | null, synonyms?: Record<string, string[]>): QueryTerms {
  const terms: { code: number; text: string; latin: boolean; start: number; end: number }[] = [];
  const seen = new Set<number>();
  let folded = '';
  eachTerm(q, (code, norm, start, end) => {
    folded = norm;
    if (seen.has(code)) return;
    seen.add(code);
    terms.push({ code, text: norm.slice(start, end), latin: code >= WORD, start, end });
  });
  const found = synonyms ? findSynonyms(folded || q.normalize('NFKC').toLowerCase(), synonyms) : [];
  // The terms of a synonym's key become one term, held by the key's terms together or by a target's; a pair across the
  // key's edge (ま飛 of ふてんま飛行場) belongs to neither word and is dropped.
  const inKey = (t: { start: number; end: number }) => found.findIndex((f) => t.start < f.end && t.end > f.start);
  const inside = (t: { start: number; end: number }, f: { start: number; end: number }) => t.start >= f.start && t.end <= f.end;
  const groups: number[][][] = [];
  const translated: QueryTerms['translated'] = [];
  for (const f of found) {
    const own = terms.filter((t) => inside(t, f)).map((t) => t.code);
    const alternatives = [...(own.length ? [own] : []), ...f.to.map(codesOf).filter((codes) => codes.length > 0)];
    if (alternatives.length) groups.push(alternatives);
  }
  for (let i = 0; i < terms.length; i++) {
    const t = terms[i];
    if (inKey(t) >= 0) continue;
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
  const source = folded || q.normalize('NFKC').toLowerCase();
  const rewritten = found.flatMap((f) => f.to.map((to) => source.slice(0, f.start) + to + source.slice(f.end)));
  return { groups, translated, synonyms: found.map(({ from, to }) => ({ from, to })), rewritten };
}

// The store hands out the same map until it re-reads it: its keys are sorted once, not on every search.
const sortedKeys = new WeakMap<Record<string, string[]>, string[]>();
function longestFirst(synonyms: Record<string, string[]>): string[] {
  let keys = sortedKeys.get(synonyms);
  if (!keys) sortedKeys.set(synonyms, (keys = Object.keys(synonyms).sort((a, b) => b.length - a.length)));
  return keys;
}

/** Each synonym key in the folded query, longest first, not overlapping one found before. */
function findSynonyms(folded: string, synonyms: Record<string, string[]>): { from: string; to: string[]; start: number; end: number }[] {
  const out: { from: string; to: string[]; start: number; end: number }[] = [];
  for (const key of longestFirst(synonyms)) {
    const start = folded.indexOf(key);
    if (start < 0 || out.some((f) => start < f.end && start + key.length > f.start)) continue;
    out.push({ from: key, to: synonyms[key], start, end: start + key.length });
  }
  return out;
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

/** Each query term's IDF (BM25's) among candidate texts. */
export function candidateIdf(query: QueryTerms, texts: readonly ReadonlySet<number>[]): number[] {
  const n = texts.length;
  return query.groups.map((alternatives) => {
    const df = texts.reduce((k, t) => k + (covers(alternatives, t) ? 1 : 0), 0);
    return bm25Idf(n, df);
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
 * Extra keyword queries: the query rewritten with each synonym, then the Japanese forms of its translated words (the
 * first form of each word, then the second), up to `max`. Each is one more query in the keyword leg's multi-search; 6 left "relations" without 関係
 * (its 8th form) and "Japan-South Korea relations" out of the top 3 (seed-en).
 */
export function extraKeywordQueries(query: QueryTerms, max = 12): string[] {
  const out: string[] = query.rewritten.slice(0, max);
  for (let round = 0; out.length < max; round++) {
    const next = query.translated.map((t) => t.to[round]).filter((f): f is string => f !== undefined);
    if (!next.length) break;
    for (const f of next) if (out.length < max && !out.includes(f)) out.push(f);
  }
  return out;
}
