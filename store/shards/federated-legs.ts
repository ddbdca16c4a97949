import type { Hit, Meilisearch, MultiSearchQuery } from 'meilisearch';
import { isKensakuError } from '../../errors/kensaku-error.ts';
import { meili } from '../meili-errors.ts';
import { collectLegs, planLegs, withoutMissingFields, type LegAnswer, type LegRequest, type LegResults, type SearchLegsOptions } from '../search-legs.ts';

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
 * The legs of a sharded store: each leg query is one federated multi-search over every shard (Meilisearch merges
 * the shards' hits by `_rankingScore`, which does not depend on a shard's size), so fusion and everything after it
 * see the same legs as on one node. A shard that does not answer leaves its hits out and is named in `shardsDown`.
 */
export function createFederatedLegs(options: FederatedLegsOptions) {
  const federate = (q: MultiSearchQuery) => {
    const { limit, facets, ...query } = q;
    return {
      federation: { limit, offset: 0, ...(facets?.length ? { facetsByIndex: { [options.indexName]: facets }, mergeFacets: {} } : {}) },
      queries: options.remotes.map((remote) => ({ ...query, federationOptions: { weight: 1, remote } })),
    };
  };
  /** The first entry node that answers: a down primary must not take every search with it. */
  const sendOne = async (q: MultiSearchQuery): Promise<FederatedAnswer> => {
    let lastError: unknown;
    for (const entry of options.entries) {
      try {
        const body = federate(q);
        return (await meili(`searching through shard ${entry.name}`, () => entry.client.multiSearch(body), { callerFilter: q.filter !== undefined })) as unknown as FederatedAnswer;
      } catch (e) {
        if (!isKensakuError(e) || e.code !== 'meilisearch_unavailable') throw e;
        lastError = e;
      }
    }
    throw lastError;
  };
  const send = (queries: MultiSearchQuery[]) => Promise.all(queries.map(sendOne));

  return {
    async run(r: LegRequest): Promise<LegResults> {
      const plan = planLegs(options, r);
      const started = performance.now();
      const answers = await withoutMissingFields(plan.queries, send);
      const down: Record<string, string> = {};
      for (const a of answers) for (const [name, err] of Object.entries(a.remoteErrors ?? {})) down[name] ??= `${err.code ?? 'remote_error'}: ${firstLine(err.message)}`;
      return collectLegs(plan, answers.map(local), performance.now() - started, down);
    },
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
  return { hits, estimatedTotalHits: answer.estimatedTotalHits, processingTimeMs: answer.processingTimeMs, facetDistribution: answer.facetDistribution };
}

const firstLine = (message?: string) => (message ?? '').split('\n')[0].slice(0, 200);
