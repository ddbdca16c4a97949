import { z } from '@hono/zod-openapi';
import { KEY_ACTIONS } from '../domain/api-keys.ts';

const origin = z
  .string()
  .max(200)
  .refine(
    (o) => {
      try {
        const u = new URL(o);
        return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === o;
      } catch {
        return false;
      }
    },
    { message: 'an origin is scheme://host[:port], e.g. https://example.com, with no path or trailing slash' },
  );

/** What POST /keys takes. */
export const newKeySchema = z
  .object({
    description: z.string().trim().min(1).max(200).openapi({ example: 'search box on www.example.com' }),
    actions: z
      .array(z.enum(KEY_ACTIONS))
      .max(KEY_ACTIONS.length)
      .default(['search'])
      .openapi({ description: 'search (always), and documents.get to read a document it may see' }),
    filter: z.string().max(2000).optional().openapi({
      description: 'Meilisearch filter ANDed with every filter the caller sends: the key never sees a chunk outside it',
      example: 'tags = "public"',
    }),
    origins: z
      .array(origin)
      .max(20)
      .optional()
      .openapi({
        description:
          'Pages that may use it: its requests must carry one of these Origin headers (and CORS allows them)',
        example: ['https://www.example.com'],
      }),
    rateLimitPerMinute: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .optional()
      .openapi({ description: 'Search requests per minute; unset: RATE_LIMIT_PER_MINUTE' }),
    expiresAt: z
      .string()
      .datetime({ offset: true })
      .refine((t) => Date.parse(t) > Date.now(), { message: 'expiresAt is in the past' })
      .optional(),
  })
  .strict()
  .openapi('NewKey');

/** A key as GET /keys lists it: never its secret, which only POST /keys shows, once. */
export const keyViewSchema = z
  .object({
    id: z.string(),
    description: z.string(),
    actions: z.array(z.enum(KEY_ACTIONS)),
    filter: z.string().optional(),
    origins: z.array(z.string()),
    rateLimitPerMinute: z.number().int().optional(),
    expiresAt: z.string().optional(),
    createdAt: z.string(),
  })
  .openapi('Key');

export const mintedKeySchema = keyViewSchema
  .extend({
    key: z.string().openapi({
      description: 'The key to send as Authorization: Bearer <key>. Shown only here: kensaku keeps its hash',
    }),
  })
  .openapi('MintedKey');
