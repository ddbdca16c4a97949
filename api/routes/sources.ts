import { createRoute, z } from '@hono/zod-openapi';
import type { SourcesService } from '../../service/sources-service.ts';
import { errorSchema } from '../errors.ts';
import { json } from '../json-content.ts';
import { createRouter } from '../router.ts';
import { sourceBodySchema, sourceViewSchema } from '../sources-schemas.ts';

const idParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const postRoute = createRoute({
  method: 'post',
  path: '/sources',
  summary: 'Adds a site (or replaces its settings) and starts its crawl: a durable task, followed at GET /tasks/{id}',
  request: { body: { content: { 'application/json': { schema: sourceBodySchema } }, required: true } },
  responses: {
    202: json(z.object({ source: sourceViewSchema, taskId: z.string() }), 'Crawl enqueued'),
    400: json(errorSchema, 'Bad source'),
  },
});
const listRoute = createRoute({
  method: 'get',
  path: '/sources',
  summary: 'The sources, each with its last crawl (pages seen, added, updated, unchanged, deleted, failed)',
  responses: { 200: json(z.object({ sources: z.array(sourceViewSchema) }), 'Sources') },
});
const getRoute = createRoute({
  method: 'get',
  path: '/sources/{id}',
  request: { params: idParam },
  responses: { 200: json(sourceViewSchema, 'The source'), 404: json(errorSchema, 'Unknown source') },
});
const deleteRoute = createRoute({
  method: 'delete',
  path: '/sources/{id}',
  summary: "Removes a source and its pages' documents (a task, after any crawl already queued)",
  request: { params: idParam },
  responses: {
    202: json(z.object({ taskId: z.string() }), 'Removal enqueued'),
    404: json(errorSchema, 'Unknown source'),
  },
});

export function sourceRoutes(sources: SourcesService) {
  const app = createRouter();
  app.openapi(postRoute, async (c) => {
    const { source, task } = await sources.crawl(c.req.valid('json'));
    return c.json({ source, taskId: task.id }, 202);
  });
  app.openapi(listRoute, async (c) => c.json({ sources: await sources.list() }, 200));
  app.openapi(getRoute, async (c) => c.json(await sources.get(c.req.valid('param').id), 200));
  app.openapi(deleteRoute, async (c) => c.json({ taskId: (await sources.remove(c.req.valid('param').id)).id }, 202));
  return app;
}
