import type { ChunkTerms } from '../lexical/chunk-terms.ts';
import { bm25Idf } from '../../text/idf.ts';
import { codesOf, covers } from '../../text/query-terms.ts';
import { answerQuery, pickAnswer, type Answer, type AnswerTerms } from './pick-answer.ts';
import { splitSentencesOutsideBrackets } from '../../text/sentences.ts';

/**
 * The answer picker of one search: a question term counts by its IDF among the search's candidates (the reranked
 * top), so the topic every candidate shares counts less than what tells them apart. A chunk none of whose sentences
 * holds a question term answers with its first sentence and score 0: the lead of a passage holds the answer more
 * often than any other sentence (NIILC: 0.65 of relevant chunks), and the score says it is a guess.
 */
export function answersFor(
  q: string,
  candidates: ChunkTerms[],
  groups?: AnswerTerms['groups'],
): (text: string) => Answer | null {
  const n = candidates.length;
  const idf = (code: number) => {
    const df = candidates.reduce((k, c) => k + (c.all.has(code) ? 1 : 0), 0);
    return bm25Idf(n, df);
  };
  // Alternatives are never empty (queryTerms and readingTerms drop a form without term codes).
  const groupIdf: AnswerTerms['idf'] = (alternatives) =>
    bm25Idf(
      n,
      candidates.reduce((k, c) => k + (covers(alternatives, c.all) ? 1 : 0), 0),
    );
  // With the terms the search matched by (translations, synonyms, a reading's written forms), a sentence that holds
  // 普天間 answers ふてんま.
  const query = answerQuery(q, idf, groups ? { groups, idf: groupIdf } : undefined);
  // A page's chunks are among the candidates, whose sentences and their terms were read for coverage already.
  const read = new Map(candidates.map((c) => [c.text, c]));
  return (text) => {
    const known = read.get(text);
    const answer = pickAnswer(query, text, known);
    if (answer && answer.score > 0) return answer;
    const lead = known ? known.spans[0] : splitSentencesOutsideBrackets(text)[0];
    return lead ? { text: text.slice(lead.start, lead.end), start: lead.start, end: lead.end, score: 0 } : null;
  };
}

/**
 * The answer's terms for a reading query: each word as typed or as one of the forms the hits write it in (ふてんま or
 * 普天間). The kana alone never occurs in the text, so without its written forms every answer would be a guess.
 */
export function readingTerms(words: readonly { typed: string; written: readonly string[] }[]): number[][][] {
  return words.map((w) => [w.typed, ...w.written].map(codesOf).filter((codes) => codes.length > 0));
}
