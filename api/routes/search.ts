import { createRoute } from '@hono/zod-openapi';
import { createRouter } from '../router.ts';
import { errorSchema } from '../errors.ts';
import type { Context } from 'hono';
import { searchParamsSchema } from '../search-schemas.ts';
import { searchWithQueryIdSchema } from '../analytics-schemas.ts';
import { runSearch, type SearchDeps } from '../../search/run-search.ts';
import { loggedQuery } from '../../search/logged-query.ts';
import type { SearchParams, SearchResponse } from '../../search/types.ts';
import type { Analytics } from '../../service/analytics.ts';
import type { Caller } from '../auth.ts';
import { analyticsKeyOf } from '../analytics-key.ts';
import type { AppEnv } from '../app-env.ts';

const responses = {
  200: {
    content: { 'application/json': { schema: searchWithQueryIdSchema } },
    description: 'Fused hits, each explained by leg',
  },
  400: {
    content: { 'application/json': { schema: errorSchema } },
    description: 'Empty query, bad parameter or filter',
  },
  503: {
    content: { 'application/json': { schema: errorSchema } },
    description: 'mode=semantic while the model is down, or Meilisearch down',
  },
};

const getRoute = createRoute({
  method: 'get',
  path: '/search',
  request: { query: searchParamsSchema },
  responses,
  summary: 'Search (query string)',
});
const postRoute = createRoute({
  method: 'post',
  path: '/search',
  request: { body: { content: { 'application/json': { schema: searchParamsSchema } }, required: true } },
  responses,
  summary: 'Search (JSON body)',
});

/** GET and POST /search take the same parameters and return the same response. */
export function searchRoutes(deps: () => SearchDeps, analytics?: Analytics) {
  const app = createRouter();
  const search = async (c: Context<AppEnv>, params: SearchParams) => {
    const started = performance.now();
    c.set('searchMode', params.mode);
    const d = deps();
    const res = await runSearch(d, params, scopeOf(c.get('caller')));
    return { ...res, queryId: counted(c, loggedQuery(params.q, d.fold), res, started) };
  };
  // Every answer is counted, from the cache too; the queryId is made afterwards, so a cached answer gets its own.
  const counted = (c: Context<AppEnv>, query: string, res: SearchResponse, started: number) =>
    analytics?.searched({
      query,
      mode: res.mode,
      key: analyticsKeyOf(c.get('caller')),
      // Capped: a header is the client's to fill.
      origin: (c.req.header('origin') ?? '').slice(0, 200),
      hits: res.estimatedTotalHits,
      latencyMs: performance.now() - started,
    }) ?? null;
  app.openapi(getRoute, async (c) => c.json(await search(c, c.req.valid('query')), 200));
  app.openapi(postRoute, async (c) => c.json(await search(c, c.req.valid('json')), 200));
  return app;
}

/** A scoped key's filter confines the search; other callers search everything. */
const scopeOf = (caller: Caller | undefined) => (caller?.key?.filter ? { filter: caller.key.filter } : undefined);
