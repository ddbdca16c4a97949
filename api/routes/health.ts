import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../router.ts';
import type { ChunkStore } from '../../store/chunk-store.ts';
import type { SemanticState } from '../../domain/semantic-state.ts';
import { TESTED_MEILI_VERSION } from '../../store/meili-version.ts';
import type { AnalyticsHealth } from '../../service/analytics.ts';

const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded', 'unavailable']),
    meilisearch: z.object({
      status: z.enum(['available', 'unavailable']),
      version: z.string().optional(),
      // A version other than the one kensaku is tested against (a MEILI_URL or MEILI_BIN of your own): said, not refused.
      warning: z.string().optional(),
      error: z.string().optional(),
      // While Meilisearch cannot store writes (full or read-only disk): searches answer, writes get 507/503.
      writes: z
        .object({
          code: z.enum(['disk_full', 'disk_read_only']),
          reason: z.string(),
          since: z.string(),
          lastSeen: z.string(),
        })
        .optional(),
      // MEILI_SHARDS: every node; the status above is available while any active one is.
      shards: z
        .array(
          z.object({
            name: z.string(),
            url: z.string(),
            retired: z.boolean(),
            status: z.enum(['available', 'unavailable']),
            error: z.string().optional(),
          }),
        )
        .optional(),
    }),
    embeddings: z.object({
      // `starting` while the model loads after a start: keyword search already answers.
      status: z.enum(['available', 'starting', 'unavailable']),
      model: z.string().nullable(),
      fingerprint: z.string().nullable(),
      dimensions: z.number().nullable(),
      reason: z.string().optional(),
    }),
    // Absent on a server built without analytics; `failing` while counts cannot be written (kept in memory meanwhile).
    analytics: z
      .object({
        status: z.enum(['off', 'recording', 'failing']),
        pendingRecords: z.number().optional(),
        reason: z.string().optional(),
        since: z.string().optional(),
        lastSeen: z.string().optional(),
      })
      .optional(),
  })
  .openapi('Health');

const route = createRoute({
  method: 'get',
  path: '/health',
  summary: 'Service health: Meilisearch and the semantic leg',
  responses: {
    200: {
      content: { 'application/json': { schema: healthSchema } },
      description:
        'ok, or degraded when the semantic leg or a shard is down, Meilisearch cannot store writes, or analytics cannot be written',
    },
    503: {
      content: { 'application/json': { schema: healthSchema } },
      description: 'Meilisearch (the primary shard) unreachable',
    },
  },
});

export function healthRoutes(store: ChunkStore, semantic: () => SemanticState, analytics?: () => AnalyticsHealth) {
  const app = createRouter();
  app.openapi(route, async (c) => {
    const reported = await store.health();
    const untested = reported.version && reported.version !== TESTED_MEILI_VERSION;
    const meilisearch = untested
      ? { ...reported, warning: `Meilisearch ${reported.version}: kensaku is tested against ${TESTED_MEILI_VERSION}` }
      : reported;
    const s = semantic();
    const e = s.embedder;
    const embeddings = {
      status: s.available ? ('available' as const) : s.starting ? ('starting' as const) : ('unavailable' as const),
      model: e?.modelId ?? null,
      fingerprint: e?.fingerprint ?? null,
      dimensions: e?.dimensions ?? null,
      ...(s.available ? {} : { reason: s.reason ?? 'unknown' }),
    };
    const shardDown = meilisearch.shards?.some((x) => x.status !== 'available') ?? false;
    const counting = analytics?.();
    const healthy = s.available && !shardDown && !meilisearch.writes && counting?.status !== 'failing';
    const status = meilisearch.status !== 'available' ? 'unavailable' : healthy ? 'ok' : 'degraded';
    return c.json(
      { status, meilisearch, embeddings, ...(counting ? { analytics: counting } : {}) },
      status === 'unavailable' ? 503 : 200,
    );
  });
  return app;
}
