import { createRoute, z } from '@hono/zod-openapi';
import type { RebuildService } from '../../service/rebuild-service.ts';
import { json } from '../json-content.ts';
import { createRouter } from '../router.ts';

const bodySchema = z
  .object({
    embeddings: z
      .boolean()
      .optional()
      .openapi({ description: 'Re-embed every chunk with the current model too (default: keep the vectors)' }),
  })
  .strict();

const postRoute = createRoute({
  method: 'post',
  path: '/rebuild',
  summary:
    'Rewrites every chunk with the current FOLD and READINGS into a new index beside the live one, swapped in whole: ' +
    'a durable task, followed at GET /tasks/{id}; searches answer from the old index until the swap',
  request: { body: { content: { 'application/json': { schema: bodySchema } }, required: false } },
  responses: {
    202: json(z.object({ taskId: z.string() }), 'Rebuild enqueued'),
  },
});

export function rebuildRoutes(rebuild: RebuildService) {
  const app = createRouter();
  app.openapi(postRoute, async (c) => {
    const body = c.req.header('content-type')?.includes('application/json') ? c.req.valid('json') : {};
    const task = await rebuild.enqueue({ embeddings: body?.embeddings });
    return c.json({ taskId: task.id }, 202);
  });
  return app;
}
