import { createRoute } from '@hono/zod-openapi';
import { createRouter } from '../router.ts';
import { errorSchema } from '../errors.ts';
import { searchParamsSchema, searchResponseSchema } from '../search-schemas.ts';
import { runSearch, type SearchDeps } from '../../search/run-search.ts';
import type { Caller } from '../auth.ts';

const responses = {
  200: {
    content: { 'application/json': { schema: searchResponseSchema } },
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
export function searchRoutes(deps: () => SearchDeps) {
  const app = createRouter();
  app.openapi(getRoute, async (c) => {
    const params = c.req.valid('query');
    c.set('searchMode', params.mode);
    return c.json(await runSearch(deps(), params, scopeOf(c.get('caller'))), 200);
  });
  app.openapi(postRoute, async (c) => {
    const params = c.req.valid('json');
    c.set('searchMode', params.mode);
    return c.json(await runSearch(deps(), params, scopeOf(c.get('caller'))), 200);
  });
  return app;
}

/** A scoped key's filter confines the search; other callers search everything. */
const scopeOf = (caller: Caller | undefined) => (caller?.key?.filter ? { filter: caller.key.filter } : undefined);
