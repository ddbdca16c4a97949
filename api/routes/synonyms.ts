import { createRoute } from '@hono/zod-openapi';
import { createRouter } from '../router.ts';
import { json } from '../json-content.ts';
import { errorSchema } from '../errors.ts';
import { compileSynonyms } from '../../text/synonyms.ts';
import { synonymsBodySchema, synonymsViewSchema } from '../synonyms-schemas.ts';
import type { ChunkStore } from '../../store/chunk-store.ts';

const getRoute = createRoute({
  method: 'get',
  path: '/synonyms',
  summary: "The keyword leg's synonyms",
  responses: { 200: json(synonymsViewSchema, 'Synonyms') },
});
const putRoute = createRoute({
  method: 'put',
  path: '/synonyms',
  summary: "Replaces the keyword leg's synonyms (kept in Meilisearch: they survive restarts); {} removes them all",
  request: { body: { content: { 'application/json': { schema: synonymsBodySchema } }, required: true } },
  responses: { 200: json(synonymsViewSchema, 'The synonyms now applied'), 400: json(errorSchema, 'Bad synonyms') },
});

export function synonymRoutes(store: ChunkStore) {
  const app = createRouter();
  app.openapi(getRoute, async (c) => c.json({ oneWay: await store.getSynonyms() }, 200));
  app.openapi(putRoute, async (c) => {
    await store.setSynonyms(compileSynonyms(c.req.valid('json')));
    return c.json({ oneWay: await store.getSynonyms() }, 200);
  });
  return app;
}
