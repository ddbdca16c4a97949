import type { Hit, Meilisearch, MultiSearchQuery } from 'meilisearch';
import { isKensakuError } from '../../errors/kensaku-error.ts';
import { meili } from '../meili-errors.ts';
import {
  collectLegs,
  planLegs,
  withoutMissingFields,
  type LegAnswer,
  type LegRequest,
  type LegResults,
  type SearchLegsOptions,
} from '../search-legs.ts';

export interface FederatedLegsOptions extends Pick<SearchLegsOptions, 'indexName' | 'embedder'> {
  /** Nodes that may take the request, in order of preference (the primary first): each fans it out to all. */
  entries: { name: string; client: Meilisearch }[];
  /** Every shard searched, retired ones too (their documents are there until `kensaku reshard` moves them). */
  remotes: string[];
}

interface FederatedAnswer extends LegAnswer {
  remoteErrors?: Record<string, { message?: string; code?: string }>;
}

/**
 * The legs of a sharded store: each leg is one federated multi-search over every shard (Meilisearch merges
 * the shards' hits by `_rankingScore`, which does not depend on a shard's size), so fusion and everything after it
 * see the same legs as on one node. A shard that does not answer leaves its hits out and is named in `shardsDown`.
 */
export function createFederatedLegs(options: FederatedLegsOptions) {
  /** One federated request for several queries: each sent to every shard, all hits merged by score. */
  const federate = (group: MultiSearchQuery[]) => {
    const { limit, facets } = group[0];
    return {
      federation: {
        limit,
        offset: 0,
        ...(facets?.length ? { facetsByIndex: { [options.indexName]: facets }, mergeFacets: {} } : {}),
      },
      queries: group.flatMap(({ limit: _l, facets: _f, ...query }) =>
        options.remotes.map((remote) => ({ ...query, federationOptions: { weight: 1, remote } })),
      ),
    };
  };
  /** The first entry node that answers: a down primary must not take every search with it. */
  const sendOne = async (group: MultiSearchQuery[]): Promise<FederatedAnswer> => {
    let lastError: unknown;
    const body = federate(group);
    for (const entry of options.entries) {
      try {
        return (await meili(`searching through shard ${entry.name}`, () => entry.client.multiSearch(body), {
          callerFilter: group.some((q) => q.filter !== undefined),
        })) as unknown as FederatedAnswer;
      } catch (e) {
        if (!isKensakuError(e) || e.code !== 'meilisearch_unavailable') throw e;
        lastError = e;
      }
    }
    throw lastError;
  };

  return {
    async run(r: LegRequest): Promise<LegResults> {
      const plan = planLegs(options, r);
      const groups = groupLegQueries(plan.keywordQueries);
      const started = performance.now();
      const answers = await withoutMissingFields(plan.queries, (queries) => Promise.all(groups(queries).map(sendOne)));
      const down: Record<string, string> = {};
      for (const a of answers)
        for (const [name, err] of Object.entries(a.remoteErrors ?? {}))
          down[name] ??= `${err.code ?? 'remote_error'}: ${firstLine(err.message)}`;
      const keywordAnswers = answers.length - (plan.semantic ? 1 : 0);
      return collectLegs(
        { ...plan, keywordQueries: keywordAnswers },
        answers.map(local),
        performance.now() - started,
        down,
      );
    },
  };
}

/**
 * The keyword leg's queries (the main one, then `keywordAlso` and readings) go in one federated request: Meilisearch
 * keeps each chunk once, at its best score, as the single-node merge does, and each federated request has a fixed
 * cost (about 5 ms in Meilisearch 1.21 here, even with no remote). With facets, the main query is alone: its counts
 * and the ids it returned are its own. The semantic query is always its own request (it waits for the vector).
 */
function groupLegQueries(keywordQueries: number) {
  return (queries: MultiSearchQuery[]): MultiSearchQuery[][] => {
    const keyword = queries.slice(0, keywordQueries);
    const rest = queries.slice(keywordQueries).map((q) => [q]);
    if (keyword.length === 0) return rest;
    if (!keyword[0].facets?.length) return [keyword, ...rest];
    return [[keyword[0]], ...(keyword.length > 1 ? [keyword.slice(1)] : []), ...rest];
  };
}

/**
 * A federated answer as one node's: `_federation` dropped, and each chunk once. Mid-reshard a document is on two
 * shards between its copy and the delete at its old place; both copies are the same chunks with the same scores.
 */
function local(answer: FederatedAnswer): LegAnswer {
  const seen = new Set<string>();
  const hits: Hit[] = [];
  for (const { _federation: _, ...hit } of answer.hits as (Hit & { _federation?: unknown })[]) {
    if (seen.has(String(hit.id))) continue;
    seen.add(String(hit.id));
    hits.push(hit as Hit);
  }
  return {
    hits,
    estimatedTotalHits: answer.estimatedTotalHits,
    processingTimeMs: answer.processingTimeMs,
    facetDistribution: answer.facetDistribution,
  };
}

const firstLine = (message?: string) => (message ?? '').split('\n')[0].slice(0, 200);
