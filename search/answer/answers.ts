import type { ChunkTerms } from '../lexical/chunk-terms.ts';
import { bm25Idf } from '../../text/idf.ts';
import { answerQuery, pickAnswer, type Answer } from './pick-answer.ts';
import { splitSentencesOutsideBrackets } from '../../text/sentences.ts';

/**
 * The answer picker of one search: a question term counts by its IDF among the search's candidates (the reranked
 * top), so the topic every candidate shares counts less than what tells them apart. A chunk none of whose sentences
 * holds a question term answers with its first sentence and score 0: the lead of a passage holds the answer more
 * often than any other sentence (NIILC: 0.65 of relevant chunks), and the score says it is a guess.
 */
export function answersFor(q: string, candidates: ChunkTerms[]): (text: string) => Answer | null {
  const n = candidates.length;
  const idf = (code: number) => {
    const df = candidates.reduce((k, c) => k + (c.all.has(code) ? 1 : 0), 0);
    return bm25Idf(n, df);
  };
  const query = answerQuery(q, idf);
  return (text) => {
    const answer = pickAnswer(query, text);
    if (answer && answer.score > 0) return answer;
    const lead = splitSentencesOutsideBrackets(text)[0];
    return lead ? { text: text.slice(lead.start, lead.end), start: lead.start, end: lead.end, score: 0 } : null;
  };
}
