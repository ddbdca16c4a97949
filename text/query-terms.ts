import { FULL_FOLD } from './fold/fold.ts';
import { foldTerm } from './fold-term.ts';
import { bm25Idf } from './idf.ts';
import { lookupWord, type Lexicon } from './lexicon/lexicon.ts';
import { identifierWords } from './lexicon/corpus-rule.ts';
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
 * The query's terms (lexical/terms.ts). With a lexicon, a Latin word or phrase also matches its Japanese forms, unless
 * it belongs to an identifier (text/lexicon/corpus-rule.ts) or `translate` refuses it (the index's own words); with
 * synonyms (folded keys, text/synonyms.ts), the terms of a key found in the query also match each of its targets.
 */
export function queryTerms(
  q: string,
  lexicon?: Lexicon | null,
  synonyms?: Readonly<Record<string, string[]>> | SynonymMaps,
  translate?: (from: string) => boolean,
): QueryTerms {
  const terms: { code: number; text: string; latin: boolean; start: number; end: number }[] = [];
  const seen = new Set<number>();
  let folded = '';
  eachTerm(q, (code, norm, start, end) => {
    folded = norm;
    if (seen.has(code)) return;
    seen.add(code);
    terms.push({ code, text: norm.slice(start, end), latin: code >= WORD, start, end });
  });
  const maps: SynonymMaps = !synonyms
    ? []
    : Array.isArray(synonyms)
      ? synonyms
      : [synonyms as Readonly<Record<string, string[]>>];
  const found = maps.length ? findSynonyms(folded || foldTerm(q), maps) : [];
  // The terms of a synonym's key become one term, held by the key's terms together or by a target's; a pair across the
  // key's edge (ま飛 of ふてんま飛行場) belongs to neither word and is dropped.
  const inKey = (t: { start: number; end: number }) => found.findIndex((f) => t.start < f.end && t.end > f.start);
  const inside = (t: { start: number; end: number }, f: { start: number; end: number }) =>
    t.start >= f.start && t.end <= f.end;
  const groups: number[][][] = [];
  const translated: QueryTerms['translated'] = [];
  const identifiers = lexicon ? identifierWords(q) : new Set<string>();
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
      if (run.length < n || !run.every((r) => r.latin && !identifiers.has(r.text))) continue;
      const from = run.map((r) => r.text).join(' ');
      forms = n === 1 ? lookupWord(lexicon, t.text) : lexicon.lookup(from);
      if (forms.length && translate && !translate(from)) forms = [];
      matched = n;
    }
    const own = terms.slice(i, i + matched).map((r) => r.code);
    const alternatives = forms.map(codesOf).filter((codes) => codes.length > 0);
    groups.push([own, ...alternatives]);
    if (alternatives.length)
      translated.push({
        from: terms
          .slice(i, i + matched)
          .map((r) => r.text)
          .join(' '),
        to: [...forms],
      });
    i += matched - 1;
  }
  // Rewritten as written (NFKC), each key's span mapped back from the folded query: the keyword leg folds them as the
  // index is folded (FOLD), which may be less than query terms are.
  const nfkc = q.normalize('NFKC');
  const at = found.length ? FULL_FOLD.withMap(nfkc).from : [];
  const rewritten = found.flatMap((f) =>
    f.to.map((to) => (nfkc.slice(0, at[f.start]) + to + nfkc.slice(at[f.end])).toLowerCase()),
  );
  return { groups, translated, synonyms: found.map(({ from, to }) => ({ from, to })), rewritten };
}

/** Synonym maps, looked up in order: the operator's (PUT /synonyms) before the shipped default. */
export type SynonymMaps = readonly Readonly<Record<string, string[]>>[];

// The longest key of each map, found once per map the store hands out.
const longest = new WeakMap<object, number>();
function maxKeyLength(map: Readonly<Record<string, string[]>>): number {
  let n = longest.get(map);
  if (n === undefined) {
    n = 0;
    for (const key in map) if (key.length > n) n = key.length;
    longest.set(map, n);
  }
  return n;
}

// Katakana and Latin words are written whole: a key that starts or ends inside one (リア in オーストラリア) is not it.
const KATAKANA = /[\p{Script=Katakana}ー]/u;
const LATIN_OR_DIGIT = /[\p{Script=Latin}0-9]/u;
/** Per code unit: 1 katakana, 2 Latin or digit, 0 other; a boundary between two equal non-zero kinds is inside a word. */
function wordKinds(text: string): Uint8Array {
  const kinds = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) kinds[i] = KATAKANA.test(text[i]) ? 1 : LATIN_OR_DIGIT.test(text[i]) ? 2 : 0;
  return kinds;
}
const cuts = (kinds: Uint8Array, at: number) =>
  at > 0 && at < kinds.length && kinds[at] !== 0 && kinds[at] === kinds[at - 1];

/**
 * Each synonym key in the folded query, longest first, not overlapping one found before, nor cutting a katakana or
 * Latin word. Substrings of the query are looked up (length × longest key), not every key searched for: the default
 * set has ~17k keys.
 */
function findSynonyms(folded: string, maps: SynonymMaps): { from: string; to: string[]; start: number; end: number }[] {
  const out: { from: string; to: string[]; start: number; end: number }[] = [];
  const max = Math.min(folded.length, Math.max(0, ...maps.map(maxKeyLength)));
  const kinds = wordKinds(folded);
  for (let len = max; len >= 1; len--) {
    for (let start = 0; start + len <= folded.length; start++) {
      if (cuts(kinds, start) || cuts(kinds, start + len)) continue;
      const key = folded.slice(start, start + len);
      const map = maps.find((m) => Object.hasOwn(m, key));
      if (!map || out.some((f) => f.from === key || (start < f.end && start + len > f.start))) continue;
      out.push({ from: key, to: map[key], start, end: start + len });
    }
  }
  return out;
}

/** The share of the query's terms a text holds, each term weighted (default 1). 0 for a query without terms. */
export function coverage(query: QueryTerms, text: ReadonlySet<number>, weights?: readonly number[]): number {
  // Plain loops: the search calls this for every candidate and sentence, and closures here were most of its cost.
  let held = 0;
  let total = 0;
  const groups = query.groups;
  for (let g = 0; g < groups.length; g++) {
    const w = weights ? weights[g] : 1;
    total += w;
    if (covers(groups[g], text)) held += w;
  }
  return total > 0 ? held / total : 0;
}

/** Each query term's IDF (BM25's) among candidate texts. */
export function candidateIdf(query: QueryTerms, texts: readonly ReadonlySet<number>[]): number[] {
  const n = texts.length;
  return query.groups.map((alternatives) => {
    let df = 0;
    for (let i = 0; i < n; i++) if (covers(alternatives, texts[i])) df++;
    return bm25Idf(n, df);
  });
}

/** Whether a text holds the term: all codes of one of its alternatives. */
export function covers(alternatives: readonly (readonly number[])[], text: ReadonlySet<number>): boolean {
  for (let a = 0; a < alternatives.length; a++) {
    const codes = alternatives[a];
    let all = true;
    for (let c = 0; c < codes.length && all; c++) all = text.has(codes[c]);
    if (all) return true;
  }
  return false;
}

/** A form's distinct term codes, in order; a one-character form (核) has no character pair and gives none. */
export function codesOf(form: string): number[] {
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
