import { createRoute, z } from '@hono/zod-openapi';
import type { ApiKeyRecord } from '../../domain/api-keys.ts';
import { KensakuError } from '../../errors/kensaku-error.ts';
import type { ApiKeys } from '../../service/api-keys.ts';
import { errorSchema } from '../errors.ts';
import { keyViewSchema, mintedKeySchema, newKeySchema } from '../keys-schemas.ts';
import { createRouter } from '../router.ts';
import { json } from '../json-content.ts';

const postRoute = createRoute({
  method: 'post',
  path: '/keys',
  summary: 'Mints a scoped key (shown once): search only, within a filter, from some origins, at a rate, until a date',
  request: { body: { content: { 'application/json': { schema: newKeySchema } }, required: true } },
  responses: {
    201: json(mintedKeySchema, 'The new key and what it may do'),
    400: json(errorSchema, 'Bad key description or filter'),
  },
});
const listRoute = createRoute({
  method: 'get',
  path: '/keys',
  summary: 'The scoped keys, without their secrets',
  responses: { 200: json(z.object({ keys: z.array(keyViewSchema) }), 'Keys') },
});
const deleteRoute = createRoute({
  method: 'delete',
  path: '/keys/{id}',
  summary: 'Revokes a scoped key (every process refuses it within 2 s)',
  request: { params: z.object({ id: z.string().max(64) }) },
  responses: { 200: json(z.object({ deleted: z.string() }), 'Revoked'), 404: json(errorSchema, 'Unknown key') },
});

const view = ({ hash: _hash, ...record }: ApiKeyRecord) => record;

export function keyRoutes(keys: ApiKeys) {
  const app = createRouter();
  app.openapi(postRoute, async (c) => {
    const { key, record } = await keys.mint(c.req.valid('json'));
    return c.json({ ...view(record), key }, 201);
  });
  app.openapi(listRoute, async (c) => c.json({ keys: (await keys.list()).map(view) }, 200));
  app.openapi(deleteRoute, async (c) => {
    const { id } = c.req.valid('param');
    if (!(await keys.remove(id))) throw new KensakuError('key_not_found', `no key with id ${JSON.stringify(id)}`);
    return c.json({ deleted: id }, 200);
  });
  return app;
}
