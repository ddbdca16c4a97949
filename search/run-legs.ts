import type { LegRequest, LegResults, SearchLegs } from '../store/search-legs.ts';
import type { SemanticSkip } from './semantic-skip.ts';

export interface RunLegsOptions {
  legs: SearchLegs;
  /** The query embedder; null runs no semantic leg. */
  embedQuery: ((q: string) => Promise<number[]>) | null;
  request: Omit<LegRequest, 'vector'>;
  /** What is embedded, when not the keyword query (which is folded: the model reads the query as typed). */
  embedText?: string;
  /**
   * Once the keyword leg has answered: what to embed (a kana query's written forms, search/meant-text.ts; null: the
   * query), or why no semantic leg is needed (search/semantic-skip.ts). The query is then embedded after the keyword
   * leg instead of meanwhile.
   */
  afterKeyword?: (keyword: LegResults['keyword']) => { embed: string | null } | { skip: SemanticSkip };
}

export interface LegsRun {
  legs: LegResults;
  embeddingMs: number;
  /** Set when afterKeyword said the keyword leg decides: no query was embedded. */
  skipped?: SemanticSkip;
}

/**
 * Runs the requested legs. With both, the keyword leg goes to Meilisearch before the query is embedded, so it is
 * answered while the model runs; the semantic leg follows with the vector. `legs.ms` is the wait for Meilisearch
 * once the vector is there: the keyword leg's time hides in the embedding's.
 */
export async function runLegs({
  legs,
  embedQuery,
  request,
  embedText,
  afterKeyword,
}: RunLegsOptions): Promise<LegsRun> {
  const semantic = request.runSemantic && embedQuery !== null;
  if (!semantic) return { legs: await legs.run({ ...request, runSemantic: false }), embeddingMs: 0 };
  const keyword = request.runKeyword ? legs.run({ ...request, runSemantic: false }) : null;
  // If embedding fails first, its error is the one reported; the keyword leg's outcome is dropped, not unhandled.
  keyword?.catch(() => {});
  let text = embedText ?? request.q;
  if (afterKeyword && keyword) {
    const kw = await keyword;
    const next = afterKeyword(kw.keyword);
    if ('skip' in next) return { legs: kw, embeddingMs: 0, skipped: next.skip };
    text = next.embed ?? text;
  }
  const started = performance.now();
  const vector = await embedQuery(text);
  const embedded = performance.now();
  const [kw, sem] = await Promise.all([keyword, legs.run({ ...request, vector, runKeyword: false })]);
  const shardsDown = { ...kw?.shardsDown, ...sem.shardsDown };
  return {
    legs: {
      keyword: kw?.keyword ?? null,
      semantic: sem.semantic,
      ms: performance.now() - embedded,
      ...(Object.keys(shardsDown).length ? { shardsDown } : {}),
    },
    embeddingMs: embedded - started,
  };
}
