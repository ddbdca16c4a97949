import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { Logger } from 'pino';
import type { ChunkStore } from '../store/chunk-store.ts';
import type { SemanticState } from '../domain/semantic-state.ts';
import { createRouter } from './router.ts';
import { createErrorHandler, errorBody } from './errors.ts';
import { requireRole, type AuthOptions } from './auth.ts';
import type { Metrics } from './metrics.ts';
import { requestLog } from './request-log.ts';
import type { IndexingService } from '../service/indexing-service.ts';
import { searchRoutes } from './routes/search.ts';
import type { SearchSettings } from '../search/search-settings.ts';
import { documentRoutes } from './routes/documents.ts';
import { healthRoutes } from './routes/health.ts';
import { synonymRoutes } from './routes/synonyms.ts';
import { pageRoutes } from './routes/pages.ts';
import { keyRoutes } from './routes/keys.ts';
import { sourceRoutes } from './routes/sources.ts';
import type { SourcesService } from '../service/sources-service.ts';
import { backupRoutes } from './routes/backups.ts';
import type { BackupsService } from '../service/backups-service.ts';
import { rebuildRoutes } from './routes/rebuild.ts';
import type { RebuildService } from '../service/rebuild-service.ts';
import { rateLimit } from './rate-limit.ts';
import { createRateLimiter } from '../service/rate-limiter.ts';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Analytics } from '../service/analytics.ts';
import { eventRoutes } from './routes/events.ts';
import { analyticsRoutes } from './routes/analytics.ts';
import { suggestRoutes } from './routes/suggest.ts';
import type { Suggester } from '../search/suggest/suggester.ts';

export interface AppOptions {
  store: ChunkStore;
  /** Read on every request: the semantic leg can come back (re-embed) or go away. */
  semantic: () => SemanticState;
  indexing: IndexingService;
  /** Crawled sites (POST/GET/DELETE /sources); absent, the routes are not served. */
  sources?: SourcesService;
  /** Backups (POST/GET /backups); absent, the routes are not served. */
  backups?: BackupsService;
  /** Rebuilds (POST /rebuild); absent, the route is not served. */
  rebuild?: RebuildService;
  metrics: Metrics;
  logger: Logger;
  auth: AuthOptions;
  search: SearchSettings;
  corsOrigins: string[];
  rateLimit: { perMinute: number; anonymousPerMinute: number };
  bodyLimitBytes: number;
  /** Search analytics: queryIds, POST /events, GET /analytics/…; absent, none of them. */
  analytics?: Analytics;
  /** GET /suggest; absent, the route is not served. */
  suggester?: Suggester;
}

/** The kensaku HTTP API, built from its dependencies; starting a server is someone else's job. */
export function createApp(options: AppOptions) {
  const app = createRouter();
  app.onError(createErrorHandler(options.logger));
  app.notFound((c) => c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404));
  app.use('*', options.metrics.middleware);
  app.use('*', requestLog(options.logger));
  app.use('*', async (c, next) => {
    c.set('clientAddress', clientAddress(c));
    return next();
  });
  const allowed = new Set(options.corsOrigins);
  // A preflight carries no key: it passes for CORS_ORIGINS and any live scoped key's origins; the request itself is
  // then held to its own key's origins (api/auth.ts).
  const corsOrigin = async (o: string) => {
    if (allowed.has(o)) return o;
    // An unreadable key list refuses the preflight rather than the whole request.
    const keyOrigins = await options.auth.keys?.origins().catch(() => null);
    return keyOrigins?.has(o) ? o : null;
  };
  const widgetCors = cors({
    origin: corsOrigin,
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['Authorization', 'Content-Type'],
    // A widget tells its user how long to wait after a 429 only if it may read this.
    exposeHeaders: ['Retry-After'],
    maxAge: 600,
  });
  app.use('/search', widgetCors);
  app.use('/suggest', widgetCors);
  app.use('/documents/:id', widgetCors);
  app.use('/events', widgetCors);
  const tooLarge = (c: Context) =>
    c.json(errorBody('payload_too_large', `body over the ${options.bodyLimitBytes} byte limit (BODY_LIMIT_MB)`), 413);
  // Before bodyLimit, which opens the body stream even when Content-Length already refuses it: an opened, unread
  // stream stalls the server's drain of the body, and the keep-alive connection then dies under the client's next request.
  app.use('/documents', (c, next) =>
    Number(c.req.header('content-length')) > options.bodyLimitBytes ? Promise.resolve(tooLarge(c)) : next(),
  );
  app.use('/documents', bodyLimit({ maxSize: options.bodyLimitBytes, onError: tooLarge }));
  app.use('/synonyms', bodyLimit({ maxSize: options.bodyLimitBytes, onError: tooLarge }));
  app.use('/keys', bodyLimit({ maxSize: 64 * 1024, onError: tooLarge }));
  app.use('/sources', bodyLimit({ maxSize: 64 * 1024, onError: tooLarge }));
  const eventTooLarge = (c: Context) => c.json(errorBody('payload_too_large', 'an event body is at most 16 KiB'), 413);
  app.use('/events', (c, next) =>
    Number(c.req.header('content-length')) > 16 * 1024 ? Promise.resolve(eventTooLarge(c)) : next(),
  );
  app.use('/events', bodyLimit({ maxSize: 16 * 1024, onError: eventTooLarge }));

  const search = requireRole('search', options.auth);
  const admin = requireRole('admin', options.auth);
  const limited = rateLimit({
    limiter: createRateLimiter(),
    ...options.rateLimit,
    onLimited: options.metrics.countRateLimited,
  });
  app.on(['GET', 'POST'], '/search', search, limited);
  app.on(['GET'], '/suggest', search, limited);
  // The inventory is for operators; a widget's search key only searches and reads a document it found.
  app.on(['GET', 'POST'], '/documents', admin);
  app.on(['DELETE'], '/documents/:id', admin);
  app.on(['GET'], '/documents/:id', requireRole('search', options.auth, 'documents.get'), limited);
  app.on(['GET', 'POST'], '/keys', admin);
  app.on(['DELETE'], '/keys/:id', admin);
  app.on(['GET', 'POST'], '/sources', admin);
  app.on(['GET', 'DELETE'], '/sources/:id', admin);
  app.on(['GET'], '/tasks/:id', admin);
  // Events count against the caller's search rate limit: a flood of clicks is refused like a flood of searches.
  app.on(['POST'], '/events', search, limited);
  app.on(['GET'], '/analytics/*', admin);
  app.on(['GET', 'POST'], '/backups', admin);
  app.on(['POST'], '/rebuild', admin);
  app.on(['GET'], '/metrics', admin);
  app.on(['GET', 'PUT'], '/synonyms', admin);

  const analytics = options.analytics;
  app.route('/', healthRoutes(options.store, options.semantic, analytics && (() => analytics.health())));
  app.route(
    '/',
    searchRoutes(() => ({ store: options.store, semantic: options.semantic(), ...options.search }), options.analytics),
  );
  if (options.suggester) app.route('/', suggestRoutes(options.suggester));
  if (options.analytics) {
    app.route('/', eventRoutes(options.analytics));
    app.route('/', analyticsRoutes(options.analytics));
  }
  app.route('/', documentRoutes(options.indexing, options.store));
  app.route('/', synonymRoutes(options.store));
  if (options.auth.keys) app.route('/', keyRoutes(options.auth.keys));
  if (options.sources) app.route('/', sourceRoutes(options.sources));
  if (options.backups) app.route('/', backupRoutes(options.backups));
  if (options.rebuild) app.route('/', rebuildRoutes(options.rebuild));
  app.get('/metrics', async (c) =>
    c.text(await options.metrics.registry.metrics(), 200, { 'content-type': options.metrics.registry.contentType }),
  );
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'kensaku',
      version: '0.1.0',
      description: 'Japanese-first hybrid search: Meilisearch keyword + local embeddings, fused and explained.',
    },
    security: [{ bearer: [] }],
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.route('/', pageRoutes());
  return app;
}

export type KensakuApp = ReturnType<typeof createApp>;

// The peer's address when served by @hono/node-server; requests made in process (app.request) have none.
function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'local';
  } catch {
    return 'local';
  }
}
