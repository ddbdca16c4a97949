/**
 * Answer accuracy: the share of questions whose top hit is relevant and whose answer span contains a gold answer
 * (NFKC). The spans come from the product's picker (search/answer) over the default hybrid's top hit, beside the
 * first sentence of the same hit as a baseline.
 */
import { normalizeForMatch } from '../../text/normalize.ts';
import { answersFor } from '../../search/answer/answers.ts';
import { splitSentencesOutsideBrackets } from '../../text/sentences.ts';
import type { FusionFunction } from '../../search/fusion/index.ts';
import { chunkTerms } from '../../search/lexical/chunk-terms.ts';
import { orderHits } from '../../search/order.ts';
import type { Reranker } from '../../search/rerank/index.ts';
import type { LegResults } from '../../store/search-legs.ts';
import type { ChunkInfo } from './build-index.ts';
import type { EvalSet } from './datasets.ts';
import type { Judged, LexicalFor } from './judge.ts';

export interface AnswerAccuracy {
  /** Questions with gold answers. */
  questions: number;
  /** Share whose top hit is relevant. */
  topRelevant: number;
  /** Share whose top hit is relevant and whose answer contains a gold answer. */
  answer: number;
  /** The same with the top hit's first sentence. */
  firstSentence: number;
  /** Relevant top hit given: the share whose answer contains a gold answer. */
  answerGivenRelevant: number;
}

export function answerAccuracy(
  set: EvalSet,
  legs: LegResults[],
  judged: Judged[],
  chunks: ChunkInfo[],
  ranking: { fusion: FusionFunction; weight: number; reranker: Reranker | null; lexical: LexicalFor; floor: number },
): AnswerAccuracy | null {
  const byId = new Map(chunks.map((c) => [c.id, c]));
  let questions = 0;
  let top = 0;
  let answered = 0;
  let first = 0;
  set.queries.forEach((q, i) => {
    if (!q.answers?.length) return;
    questions++;
    const lexical = ranking.lexical(i, ranking.reranker);
    const ranked = orderHits(legs[i], {
      mode: 'hybrid',
      fusion: ranking.fusion,
      weight: ranking.weight,
      lexical,
      floor: ranking.floor,
    });
    const best = ranked[0] && byId.get(ranked[0].hit.chunk.id);
    if (!best) return;
    const grade = judged[i].grades.get(set.level === 'document' ? best.documentId : best.id) ?? 0;
    if (grade <= 0) return;
    top++;
    const gold = q.answers.map((a) => normalizeForMatch(a));
    const holds = (span: string | undefined) =>
      span !== undefined && gold.some((a) => normalizeForMatch(span).includes(a));
    const candidates = ranked.slice(0, ranking.reranker?.depth ?? 30).flatMap((r) => {
      const c = byId.get(r.hit.chunk.id);
      return c ? [chunkTerms(c.lexical)] : [];
    });
    if (holds(answersFor(lexical.query.text, candidates)(best.text)?.text)) answered++;
    const s = splitSentencesOutsideBrackets(best.text)[0];
    if (holds(s && best.text.slice(s.start, s.end))) first++;
  });
  if (!questions) return null;
  return {
    questions,
    topRelevant: top / questions,
    answer: answered / questions,
    firstSentence: first / questions,
    answerGivenRelevant: top ? answered / top : 0,
  };
}
