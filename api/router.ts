import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env.ts';
import { validationHook } from './errors.ts';

/** Every router validates with the same hook, so a bad parameter always gets the catalog's 400. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook as never });
}
