import { createRoute } from '@hono/zod-openapi';
import { KensakuError } from '../../errors/kensaku-error.ts';
import type { Analytics } from '../../service/analytics.ts';
import { analyticsKeyOf } from '../analytics-key.ts';
import { eventAcceptedSchema, eventSchema } from '../analytics-schemas.ts';
import { errorSchema } from '../errors.ts';
import { json } from '../json-content.ts';
import { createRouter } from '../router.ts';

const postRoute = createRoute({
  method: 'post',
  path: '/events',
  summary: 'Counts a click or conversion on a search (its queryId), made with the same key',
  request: { body: { content: { 'application/json': { schema: eventSchema } }, required: true } },
  responses: {
    202: json(eventAcceptedSchema, 'Counted; written with the next flush (ANALYTICS_FLUSH_MS)'),
    400: json(errorSchema, 'Bad event, unknown or expired queryId'),
    403: json(errorSchema, "Another key's queryId"),
    404: json(errorSchema, 'ANALYTICS=off'),
    413: json(errorSchema, 'Body over 16 KiB'),
    429: json(errorSchema, 'Over the rate limit (shared with /search)'),
  },
});

export function eventRoutes(analytics: Analytics) {
  const app = createRouter();
  app.openapi(postRoute, async (c) => {
    const body = c.req.valid('json');
    if (!body.chunkId && !body.documentId)
      throw new KensakuError('invalid_request', 'chunkId or documentId: name the hit the event is about');
    if (body.type === 'click' && body.position === undefined)
      throw new KensakuError('invalid_request', 'position: a click names the hit’s place, 1 first');
    const caller = c.get('caller');
    // Only the admin key itself may send events for other keys' searches (an open loopback service counts as anonymous).
    const who = caller?.role === 'admin' && caller.bucket === 'admin' ? 'admin' : analyticsKeyOf(caller);
    const search = analytics.event({ type: body.type, queryId: body.queryId, position: body.position, caller: who });
    return c.json({ accepted: true as const, query: search.query }, 202);
  });
  return app;
}
