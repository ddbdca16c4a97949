import { z } from '@hono/zod-openapi';
import { searchResponseSchema } from './search-schemas.ts';

/** A /search response with the queryId that POST /events names it by. */
export const searchWithQueryIdSchema = searchResponseSchema.extend({
  queryId: z.string().nullable().openapi({
    description: 'Names this search in POST /events (signed: any process verifies it; 24 h); null with ANALYTICS=off',
  }),
});

/** What POST /events takes. */
export const eventSchema = z
  .object({
    type: z.enum(['click', 'conversion']),
    queryId: z.string().min(1).max(4096).openapi({ description: 'The queryId of the /search response' }),
    chunkId: z.string().min(1).max(512).optional(),
    documentId: z.string().min(1).max(512).optional(),
    position: z.number().int().min(1).max(1000).optional().openapi({
      description: 'The clicked hit’s place in the results, 1 first (offset counted); required for a click',
    }),
  })
  .strict();

export const eventAcceptedSchema = z.object({
  accepted: z.literal(true),
  /** The search the event was counted for. */
  query: z.string(),
});

const time = z
  .string()
  .max(40)
  .refine((v) => !Number.isNaN(Date.parse(v)), {
    message: 'an ISO date or time, e.g. 2026-12-01 or 2026-12-01T09:00Z',
  });

/** GET /analytics/…: a time range (hours), and one key or origin, or all. */
export const analyticsQuerySchema = z.object({
  from: time.optional().openapi({ description: 'Start (its hour counts whole); default: 7 days before `to`' }),
  to: time.optional().openapi({ description: 'End, exclusive; default: now' }),
  key: z
    .string()
    .max(80)
    .optional()
    .openapi({ description: 'Only searches made with this key: key:<id>, search-key, admin or anonymous' }),
  origin: z.string().max(200).optional().openapi({ description: 'Only searches from this Origin ("" for none)' }),
  limit: z.coerce.number().int().min(1).max(1000).default(20),
  minSearches: z.coerce
    .number()
    .int()
    .min(1)
    .default(3)
    .openapi({ description: 'low-ctr: queries searched fewer times are left out' }),
});

const range = {
  from: z.string(),
  to: z.string(),
  key: z.string().nullable(),
  origin: z.string().nullable(),
};

const queryTotals = z.object({
  query: z.string(),
  searches: z.number().int(),
  zeroHits: z.number().int(),
  meanHits: z.number(),
  clicks: z.number().int(),
  conversions: z.number().int(),
  clickThrough: z.number().nullable(),
  meanClickPosition: z.number().nullable(),
});

export const queriesViewSchema = z.object({ ...range, queries: z.array(queryTotals) });

export const clicksViewSchema = z.object({
  ...range,
  searches: z.number().int(),
  clicks: z.number().int(),
  conversions: z.number().int(),
  clickThrough: z.number().nullable(),
  meanClickPosition: z.number().nullable(),
  positions: z.record(z.string(), z.number().int()),
});

const named = z.object({ name: z.string(), searches: z.number().int() });

export const searchesViewSchema = z.object({
  ...range,
  bucketMs: z.number().int(),
  searches: z.number().int(),
  zeroHits: z.number().int(),
  buckets: z.array(
    z.object({
      bucket: z.string(),
      searches: z.number().int(),
      zeroHits: z.number().int(),
      clicks: z.number().int(),
      conversions: z.number().int(),
      clickThrough: z.number().nullable(),
      meanLatencyMs: z.number().nullable(),
    }),
  ),
  keys: z.array(named),
  origins: z.array(named),
});
