import { createRoute, type z } from '@hono/zod-openapi';
import type { Analytics } from '../../service/analytics.ts';
import { analyticsRange } from '../../service/analytics-range.ts';
import type { AnalyticsRange } from '../../store/analytics-store.ts';
import { analyticsQuerySchema, clicksViewSchema, queriesViewSchema, searchesViewSchema } from '../analytics-schemas.ts';
import { errorSchema } from '../errors.ts';
import { json } from '../json-content.ts';
import { createRouter } from '../router.ts';

const route = <T extends z.ZodType>(path: string, schema: T, summary: string) =>
  createRoute({
    method: 'get',
    path,
    summary,
    request: { query: analyticsQuerySchema },
    responses: {
      200: json(schema, summary),
      400: json(errorSchema, 'Bad range or parameter'),
      404: json(errorSchema, 'ANALYTICS=off'),
    },
  });

const topRoute = route('/analytics/top', queriesViewSchema, 'Most searched queries');
const noResultsRoute = route('/analytics/no-results', queriesViewSchema, 'Queries that found nothing');
const lowCtrRoute = route('/analytics/low-ctr', queriesViewSchema, 'Queries with results and few clicks');
const clicksRoute = route('/analytics/clicks', clicksViewSchema, 'Click-through rate and click positions');
const searchesRoute = route('/analytics/searches', searchesViewSchema, 'Searches per hour, keys and origins seen');

type Query = z.infer<typeof analyticsQuerySchema>;

const echo = (r: AnalyticsRange) => ({
  from: new Date(r.from).toISOString(),
  to: new Date(r.to).toISOString(),
  key: r.key ?? null,
  origin: r.origin ?? null,
});

/** GET /analytics/… (admin). This process's unwritten counts are flushed first; other processes' lag by a flush. */
export function analyticsRoutes(analytics: Analytics) {
  const app = createRouter();
  const prepared = async (q: Query) => {
    const range = analyticsRange(q);
    if (analytics.enabled) await analytics.flush();
    return range;
  };
  app.openapi(topRoute, async (c) => {
    const q = c.req.valid('query');
    const r = await prepared(q);
    return c.json({ ...echo(r), queries: await analytics.report.top({ ...r, limit: q.limit }) }, 200);
  });
  app.openapi(noResultsRoute, async (c) => {
    const q = c.req.valid('query');
    const r = await prepared(q);
    return c.json({ ...echo(r), queries: await analytics.report.noResults({ ...r, limit: q.limit }) }, 200);
  });
  app.openapi(lowCtrRoute, async (c) => {
    const q = c.req.valid('query');
    const r = await prepared(q);
    const queries = await analytics.report.lowClickThrough({ ...r, limit: q.limit, minSearches: q.minSearches });
    return c.json({ ...echo(r), queries }, 200);
  });
  app.openapi(clicksRoute, async (c) => {
    const r = await prepared(c.req.valid('query'));
    return c.json({ ...echo(r), ...(await analytics.report.clicks(r)) }, 200);
  });
  app.openapi(searchesRoute, async (c) => {
    const r = await prepared(c.req.valid('query'));
    return c.json({ ...echo(r), ...(await analytics.report.searches(r)) }, 200);
  });
  return app;
}
