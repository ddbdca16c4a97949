import { createRoute, z } from '@hono/zod-openapi';
import type { BackupsService } from '../../service/backups-service.ts';
import { errorSchema } from '../errors.ts';
import { json } from '../json-content.ts';
import { createRouter } from '../router.ts';

const postRoute = createRoute({
  method: 'post',
  path: '/backups',
  summary:
    'Backs up everything into an archive in BACKUP_DIR: a durable task, followed at GET /tasks/{id}; searches go on',
  responses: {
    202: json(z.object({ taskId: z.string(), file: z.string() }), 'Backup enqueued'),
    409: json(errorSchema, 'A sharded store (backup_unsupported)'),
  },
});
const listRoute = createRoute({
  method: 'get',
  path: '/backups',
  summary: 'The archives in BACKUP_DIR, newest first',
  responses: {
    200: json(z.object({ backups: z.array(z.object({ file: z.string(), createdAt: z.string() })) }), 'Archives'),
  },
});

export function backupRoutes(backups: BackupsService) {
  const app = createRouter();
  app.openapi(postRoute, async (c) => {
    const task = await backups.enqueue();
    return c.json({ taskId: task.id, file: task.file! }, 202);
  });
  app.openapi(listRoute, async (c) => c.json({ backups: await backups.list() }, 200));
  return app;
}
