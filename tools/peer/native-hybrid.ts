// The peer kensaku's fusion is measured against: Meilisearch's own hybrid search, one multi-search query per search.
// tools/eval/ ranks by it (the native rows of `npm run eval`), tools/bench/ serves it (tools/lib/peer-app.ts); both build the
// request here, so the peer they measure is the same one. The product never sends it.
import type { Hit, Locale, Meilisearch, MultiSearchQuery } from 'meilisearch';
import type { StoredChunk } from '../../domain/documents.ts';
import { MARK_CLOSE, MARK_OPEN } from '../../store/search-legs.ts';
import { SEARCHABLE } from '../../store/settings.ts';

/** Every stored field but the vectors: what a page of ours shows, and the NFKC `text` that is highlighted. */
const FIELDS = [
  'id',
  'chunkId',
  'documentId',
  'ordinal',
  'title',
  'headingPath',
  'originalText',
  'start',
  'end',
  'hash',
  'source',
  'url',
  'tags',
  'hasVector',
  'text',
];

export interface NativeHybridRequest {
  indexName: string;
  /** The Meilisearch embedder the index's vectors belong to. */
  embedderName: string;
  q: string;
  /** The query's embedding; Meilisearch does not embed (the embedder is user-provided). */
  vector: number[] | undefined;
  limit: number;
  locale: string;
  semanticRatio: number;
}

/** A chunk as Meilisearch's own hybrid returns it: `marked` is `text` highlighted (MARK_OPEN/MARK_CLOSE) and cropped. */
export interface NativeHit {
  chunk: StoredChunk;
  /** Meilisearch `_rankingScore` (0..1). */
  score: number;
  marked: string;
}

/** The peer's multi-search query: hybrid at `semanticRatio`, formatted like a page of ours (highlight + crop of `text`). */
function nativeHybridQuery(r: NativeHybridRequest): MultiSearchQuery {
  return {
    indexUid: r.indexName,
    q: r.q,
    vector: r.vector,
    hybrid: { embedder: r.embedderName, semanticRatio: r.semanticRatio },
    limit: r.limit,
    locales: [r.locale as Locale],
    showRankingScore: true,
    // The fields our keyword leg searches: readings are for kana and romaji queries only.
    attributesToSearchOn: [...SEARCHABLE],
    attributesToRetrieve: FIELDS,
    attributesToHighlight: ['text'],
    attributesToCrop: ['text'],
    cropLength: 80,
    highlightPreTag: MARK_OPEN,
    highlightPostTag: MARK_CLOSE,
  };
}

/** One native hybrid search over `client`. */
export async function nativeHybrid(client: Meilisearch, r: NativeHybridRequest): Promise<NativeHit[]> {
  const { results } = await client.multiSearch({ queries: [nativeHybridQuery(r)] });
  return results[0]!.hits.map((h) => {
    const { _rankingScore, _formatted, ...chunk } = h as Hit<StoredChunk>;
    return { chunk: chunk as StoredChunk, score: _rankingScore ?? 0, marked: String(_formatted?.text ?? '') };
  });
}
