import { toCosine, type LegHit, type LegResults } from '../store/search-legs.ts';
import { normalizeForMatch } from '../indexer/normalize.ts';
import { renderSnippet } from './snippet.ts';
import type { SearchHit, SearchParams } from './types.ts';
import type { Ranked } from './order.ts';

/** Shapes ranked chunks for the client, with each leg's rank and score so every hit explains itself. */
export function buildHits(page: Ranked[], legs: LegResults, snippet: (text: string) => string, params: SearchParams): SearchHit[] {
  const kwRank = rankIndex(legs.keyword?.hits ?? []);
  const semRank = rankIndex(legs.semantic?.hits ?? []);
  return page.map(({ hit, score, lexical }) => {
    const c = hit.chunk;
    const kw = kwRank.get(c.id);
    const sem = semRank.get(c.id);
    return {
      documentId: c.documentId,
      chunkId: c.chunkId,
      title: c.title,
      headingPath: c.headingPath,
      text: c.originalText,
      snippet: renderSnippet(snippet(normalizeForMatch(c.originalText)), params.highlightPreTag, params.highlightPostTag),
      score: Math.round(score * 1e6) / 1e6,
      ...(c.url ? { url: c.url } : {}),
      ...(c.tags?.length ? { tags: c.tags } : {}),
      explain: {
        keyword: kw ? { rank: kw.rank, score: round4(kw.score) } : null,
        semantic: sem ? { rank: sem.rank, similarity: round4(toCosine(sem.score)) } : null,
        lexical: lexical === undefined ? null : { share: round4(lexical) },
      },
    };
  });
}

function rankIndex(hits: LegHit[]) {
  return new Map(hits.map((h, i) => [h.chunk.id, { rank: i + 1, score: h.score }]));
}

const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
