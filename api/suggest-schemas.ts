import { z } from '@hono/zod-openapi';

/** Longest prefix /suggest takes: a search box's text, never a document. */
export const SUGGEST_MAX_CHARS = 200;

export const suggestParamsSchema = z
  .object({
    q: z.string().max(SUGGEST_MAX_CHARS).openapi({
      description: 'What is typed so far; empty: the key’s most searched queries',
      example: 'ふて',
    }),
    limit: z.coerce.number().int().min(1).max(20).default(8).openapi({ description: 'Suggestions at most' }),
  })
  .strict();

export const suggestionSchema = z
  .object({
    text: z.string(),
    source: z.enum(['query', 'title', 'heading', 'term', 'synonym']),
    highlighted: z.string().optional(),
  })
  .openapi('Suggestion');

export const suggestResponseSchema = z
  .object({
    query: z.string(),
    suggestions: z.array(suggestionSchema),
    degraded: z.array(z.object({ source: z.enum(['queries']), error: z.string() })).optional(),
  })
  .openapi('SuggestResponse');
