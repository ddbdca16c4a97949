/**
 * The sentence of a passage that most likely answers a Japanese question.
 *
 * Extractive and lexical: a sentence scores by the share of the question's term weight it contains, discounted
 * when it says little beyond the question (an answer adds words; a restatement of the question does not). Terms
 * are the search's own (terms.ts), so what counts as a match here matches the coverage the search ranked by.
 */
import { bm25Idf } from '../../text/idf.ts';
import { eachTerm, termSet } from '../../text/terms.ts';
import { splitSentencesOutsideBrackets, type SentenceSpan } from '../../text/sentences.ts';

export interface Answer {
  /** The sentence, sliced from the original text. */
  text: string;
  start: number;
  end: number;
  /** Weighted share of the question matched × novelty, in [0, 1), 4 decimals; 0 when no question term occurs. */
  score: number;
}

/** The question's side of the scoring, computed once per search and reused for every passage. */
export interface AnswerQuery {
  /** Per term of the question: its alternatives, each a list of codes a sentence must all hold. */
  readonly terms: readonly (readonly (readonly number[])[])[];
  /** Per term: idf × wh-focus factor. */
  readonly weights: readonly number[];
  /** Every code of the terms. */
  readonly termSet: ReadonlySet<number>;
}

/** Terms the search matched the question by, beyond its own codes: a translation, a synonym, a reading's written form. */
export interface AnswerTerms {
  /** Per term: alternatives, each a list of codes (text/query-terms.ts groups). */
  groups: readonly (readonly (readonly number[])[])[];
  /** A term's weight among the search's candidates. */
  idf: (alternatives: readonly (readonly number[])[]) => number;
}

// Interrogatives, and a trailing は？/とは？ ("X は？" asks about X): the terms next to them name what is asked.
const WH =
  /(何|なに|なん|誰|だれ|どこ|いつ|どの|どれ|どう|どんな|いくつ|いくら|どちら|どなた|なぜ|何故|は[？?]?$|とは[？?]?$)/g;
const WH_WINDOW = 8;
const WH_BOOST = 3;
const TIE = 1e-12;

/**
 * Prepares a question. `idf` weighs each term code; in the search it is the term's IDF among the candidate
 * chunks, so terms every candidate shares (the topic) count less than those that tell candidates apart.
 */
export function answerQuery(q: string, idf: (code: number) => number, matched?: AnswerTerms): AnswerQuery {
  const near = new Set<number>();
  for (const m of q.matchAll(WH)) {
    const at = m.index ?? 0;
    const after = at + m[0].length;
    eachTerm(q.slice(Math.max(0, at - WH_WINDOW), at), (code) => near.add(code));
    eachTerm(q.slice(after, after + WH_WINDOW), (code) => near.add(code));
  }
  if (!matched) {
    const set = termSet(q);
    const terms = [...set];
    const weights = terms.map((t) => idf(t) * (near.has(t) ? 1 + WH_BOOST : 1));
    return { terms: terms.map((t) => [[t]]), weights, termSet: set };
  }
  const terms = matched.groups.filter((g) => g.some((codes) => codes.length > 0));
  const isNear = (g: (typeof terms)[number]) => g.some((codes) => codes.some((c) => near.has(c)));
  const weights = terms.map((g) => matched.idf(g) * (isNear(g) ? 1 + WH_BOOST : 1));
  return { terms, weights, termSet: new Set(terms.flat(2)) };
}

/** A text's sentences and the terms of each, when the search already read them (search/lexical/chunk-terms.ts). */
export interface ReadSentences {
  spans: readonly SentenceSpan[];
  own: readonly ReadonlySet<number>[];
}

/**
 * The best answering sentence of `text`, or null when the text has no sentence or the question no terms.
 * Term weight is the caller's idf × the term's IDF among the passage's sentences (a term in every sentence picks
 * none of them); ties go to the longer sentence, which more often carries the answer as well.
 */
export function pickAnswer(query: AnswerQuery, text: string, read?: ReadSentences): Answer | null {
  const k = query.terms.length;
  const spans = read?.spans ?? splitSentencesOutsideBrackets(text);
  const n = spans.length;
  if (n === 0 || k === 0) return null;

  // has[i * k + j]: sentence i contains question term j.
  const has = new Uint8Array(n * k);
  const size = new Array<number>(n);
  const df = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    const set = read?.own[i] ?? termSet(text.slice(spans[i].start, spans[i].end));
    size[i] = set.size;
    for (let j = 0; j < k; j++) {
      if (query.terms[j].some((codes) => codes.length > 0 && codes.every((c) => set.has(c)))) {
        has[i * k + j] = 1;
        df[j]++;
      }
    }
  }
  const weight = query.weights.map((w, j) => w * bm25Idf(n, df[j]));
  const total = weight.reduce((a, b) => a + b, 0);

  let best = -1;
  let bestScore = -1;
  for (let i = 0; i < n; i++) {
    let matched = 0;
    let shared = 0;
    for (let j = 0; j < k; j++) {
      if (has[i * k + j]) {
        matched += weight[j];
        shared++;
      }
    }
    const novel = size[i] - shared;
    const score = (total > 0 ? matched / total : 0) * (novel / (novel + 1));
    const longer = best >= 0 && spans[i].end - spans[i].start > spans[best].end - spans[best].start;
    if (score > bestScore + TIE || (Math.abs(score - bestScore) <= TIE && longer)) {
      best = i;
      bestScore = score;
    }
  }
  const { start, end } = spans[best];
  return { text: text.slice(start, end), start, end, score: Math.round(bestScore * 1e4) / 1e4 };
}
