import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../router.ts';
import { errorSchema } from '../errors.ts';
import { compileSynonyms, MAX_SYNONYM_TERMS } from '../../service/synonyms.ts';
import type { ChunkStore } from '../../store/chunk-store.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const term = z.string().min(1).max(200);

const synonymsBody = z
  .object({
    sets: z.array(z.array(term).min(2).max(50)).max(MAX_SYNONYM_TERMS).optional().openapi({ description: 'Sets of equivalent terms', example: [['仲井真', '仲井眞']] }),
    oneWay: z.record(term, z.array(term).min(1).max(50)).optional().openapi({ description: 'term → the terms a query for it also finds', example: { TPP: ['環太平洋パートナーシップ協定'] } }),
  })
  .strict()
  .openapi('SynonymsInput');
const synonymsView = z
  .object({ oneWay: z.record(z.string(), z.array(z.string())).openapi({ description: 'Every term (folded: NFKC, lower case) and what a query for it also finds' }) })
  .openapi('Synonyms');

const getRoute = createRoute({ method: 'get', path: '/synonyms', summary: "The keyword leg's synonyms", responses: { 200: json(synonymsView, 'Synonyms') } });
const putRoute = createRoute({
  method: 'put',
  path: '/synonyms',
  summary: "Replaces the keyword leg's synonyms (a Meilisearch setting: they survive restarts); {} removes them all",
  request: { body: { content: { 'application/json': { schema: synonymsBody } }, required: true } },
  responses: { 200: json(synonymsView, 'The synonyms now applied'), 400: json(errorSchema, 'Bad synonyms') },
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
