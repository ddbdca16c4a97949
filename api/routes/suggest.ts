import { createRoute } from '@hono/zod-openapi';
import type { Suggester } from '../../search/suggest/suggester.ts';
import { analyticsKeyOf } from '../analytics-key.ts';
import { errorSchema } from '../errors.ts';
import { json } from '../json-content.ts';
import { createRouter } from '../router.ts';
import { suggestParamsSchema, suggestResponseSchema } from '../suggest-schemas.ts';

const getRoute = createRoute({
  method: 'get',
  path: '/suggest',
  summary: 'Completions of a typed prefix: popular queries, titles, headings, terms, synonyms (kana and romaji too)',
  request: { query: suggestParamsSchema },
  responses: {
    200: json(suggestResponseSchema, 'Suggestions, best first'),
    400: json(errorSchema, 'q missing or over 200 characters, bad limit, unknown parameter'),
    429: json(errorSchema, 'Over the rate limit (shared with /search)'),
    503: json(errorSchema, 'Meilisearch down'),
  },
});

/** GET /suggest: a scoped key's suggestions come from its filter's documents and its own queries only. */
export function suggestRoutes(suggester: Suggester) {
  const app = createRouter();
  app.openapi(getRoute, async (c) => {
    const { q, limit } = c.req.valid('query');
    const caller = c.get('caller');
    const scope = { filter: caller?.key?.filter || undefined, key: analyticsKeyOf(caller) };
    return c.json(await suggester.suggest(q, scope, limit), 200);
  });
  return app;
}
