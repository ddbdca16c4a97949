import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createErrorHandler } from '../api/errors.ts';
import { errorCodeForStatus, httpStatusOf } from '../errors/catalog.ts';

describe('HTTP statuses to catalog codes', () => {
  it('gives each status its general code, and an unknown one the code of its class', () => {
    expect([400, 401, 403, 404, 405, 408, 413, 415, 431, 500].map(errorCodeForStatus)).toEqual([
      'invalid_request',
      'unauthorized',
      'forbidden',
      'not_found',
      'method_not_allowed',
      'request_timeout',
      'payload_too_large',
      'unsupported_media_type',
      'header_too_large',
      'internal',
    ]);
    expect(errorCodeForStatus(418)).toBe('invalid_request');
    expect(errorCodeForStatus(502)).toBe('internal');
    for (const status of [400, 405, 415, 431]) expect(httpStatusOf(errorCodeForStatus(status))).toBe(status);
  });

  it("answers Hono's HTTPExceptions with their status and its code", async () => {
    const app = new Hono();
    app.onError(createErrorHandler(pino({ level: 'silent' })));
    app.get('/:status', (c) => {
      throw new HTTPException(Number(c.req.param('status')) as 405, { message: 'refused' });
    });
    for (const [status, code] of [
      [405, 'method_not_allowed'],
      [415, 'unsupported_media_type'],
      [413, 'payload_too_large'],
      [401, 'unauthorized'],
      [400, 'invalid_request'],
    ] as const) {
      const res = await app.request(`/${status}`);
      expect(res.status).toBe(status);
      expect(await res.json()).toEqual({ error: { code, message: 'refused' } });
    }
  });
});
