import type { z } from '@hono/zod-openapi';

/** An OpenAPI JSON body or response with its schema: what every route declares. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});
