import { toCosine, type LegHit, type LegResults } from '../store/search-legs.ts';
import { normalizeForMatch } from '../text/normalize.ts';
import { renderSnippet } from './snippet.ts';
import type { Focus } from './highlight.ts';
import type { HitAnswer, SearchHit, SearchParams } from './types.ts';
import type { Ranked } from './order.ts';
import type { Reranker } from './rerank/index.ts';

/** Hybrid: the semantic weight of the fusion and the reranker, to say what each leg and the bonus counted for. */
export interface FusedBy {
  weight: number;
  reranker: Reranker | null;
  /** The answer picker of this search (search/answer/answers.ts). */
  answer: ((text: string) => HitAnswer | null) | null;
}

/** Shapes ranked chunks for the client, with each leg's rank, score and weight so every hit explains itself. */
export function buildHits(
  page: Ranked[],
  legs: LegResults,
  snippet: (text: string, focus?: Focus, spans?: readonly Focus[]) => string,
  params: SearchParams,
  fused: FusedBy | null,
  /** Per chunk id: more ranges of its NFKC text to mark (the written forms of a reading query). */
  marks?: ReadonlyMap<string, readonly Focus[]>,
): SearchHit[] {
  const kwRank = rankIndex(legs.keyword?.hits ?? []);
  const semRank = rankIndex(legs.semantic?.hits ?? []);
  return page.map(({ hit, score, coverage, lexical }) => {
    const c = hit.chunk;
    const kw = kwRank.get(c.id);
    const sem = semRank.get(c.id);
    const answer = fused?.answer?.(c.originalText) ?? null;
    return {
      documentId: c.documentId,
      chunkId: c.chunkId,
      title: c.title,
      headingPath: c.headingPath,
      text: c.originalText,
      snippet: renderSnippet(
        snippet(
          normalizeForMatch(c.originalText),
          answer && answer.score > 0 ? inNormalized(c.originalText, answer) : undefined,
          marks?.get(c.id),
        ),
        params.highlightPreTag,
        params.highlightPostTag,
      ),
      ...(answer ? { answer } : {}),
      score: Math.round(score * 1e6) / 1e6,
      ...(c.anchor ? { anchor: c.anchor } : {}),
      ...(c.url ? { url: deepLink(c.url, c.anchor) } : {}),
      ...(c.tags?.length ? { tags: c.tags } : {}),
      explain: {
        keyword: kw ? { rank: kw.rank, score: round4(kw.score), ...keywordWeight(fused, coverage) } : null,
        semantic: sem
          ? { rank: sem.rank, similarity: round4(toCosine(sem.score)), ...(fused ? { weight: fused.weight } : {}) }
          : null,
        lexical:
          lexical === undefined
            ? null
            : { share: round4(lexical), bonus: round4(lexical * (fused?.reranker?.weight ?? 0)) },
      },
    };
  });
}

/**
 * The page's url opened at the chunk's section: the anchor percent-encoded after `#` (a VitePress slug keeps kana and
 * kanji, in NFKD), replacing any fragment the page's url had.
 */
export function deepLink(url: string, anchor: string | undefined): string {
  if (!anchor) return url;
  const hash = url.indexOf('#');
  return `${hash === -1 ? url : url.slice(0, hash)}#${encodeURIComponent(anchor)}`;
}

// The snippet is cut from the NFKC text: the answer's offsets in the original, mapped there (sentence edges never
// split a character NFKC would compose).
function inNormalized(text: string, answer: HitAnswer): Focus {
  const start = normalizeForMatch(text.slice(0, answer.start)).length;
  return { start, end: start + normalizeForMatch(answer.text).length };
}

function keywordWeight(fused: FusedBy | null, coverage: number | undefined) {
  if (!fused) return {};
  const share = 1 - fused.weight;
  return coverage === undefined
    ? { weight: round4(share) }
    : { coverage: round4(coverage), weight: round4(share * coverage) };
}

function rankIndex(hits: LegHit[]) {
  return new Map(hits.map((h, i) => [h.chunk.id, { rank: i + 1, score: h.score }]));
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
