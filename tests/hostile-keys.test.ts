import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from './helpers/service.ts';

const ADMIN = 'admin-key-hostile-keys-test-0123456789';
const admin = { authorization: `Bearer ${ADMIN}` };
let svc: TestService;

beforeAll(async () => {
  svc = await startTestService(
    { ADMIN_KEY: ADMIN, SEARCH_KEY: 'search-key-hostile-keys-test-0123' },
    { embeddings: false },
  );
});
afterAll(() => svc?.close());

const errorCode = async (res: Response) => ((await res.json()) as { error?: { code: string } }).error?.code;
const listed = async () =>
  ((await (await svc.app.request('/keys', { headers: admin })).json()) as { keys: { id: string }[] }).keys.map(
    (k) => k.id,
  );

describe('ids in the URL that no key or task can have', () => {
  // Each would name another Meilisearch resource if it reached its URL: `?` and `#` the key index's whole document
  // list, NUL the same once the URL drops it, `a/../..` the index itself.
  const hostile = ['%3F', '%23', '%00', '%3Flimit%3D1', 'a%2F..%2F..'];

  it('DELETE /keys/{id} answers 404 key_not_found and every key still works', async () => {
    const minted: { id: string; key: string }[] = [];
    for (const description of ['site a', 'site b']) {
      const res = await svc.app.request('/keys', {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({ description }),
      });
      minted.push((await res.json()) as { id: string; key: string });
    }
    for (const id of hostile) {
      const res = await svc.app.request(`/keys/${id}`, { method: 'DELETE', headers: admin });
      expect(res.status, id).toBe(404);
      expect(await errorCode(res), id).toBe('key_not_found');
    }
    expect(await listed()).toEqual(expect.arrayContaining(minted.map((k) => k.id)));
    for (const { key } of minted) {
      const res = await svc.app.request('/search?q=a&mode=keyword', { headers: { authorization: `Bearer ${key}` } });
      expect(res.status).toBe(200);
    }
  });

  it('GET /tasks/{id} answers 404 task_not_found, never the task store', async () => {
    for (const id of hostile) {
      const res = await svc.app.request(`/tasks/${id}`, { headers: admin });
      expect(res.status, id).toBe(404);
      expect(await errorCode(res), id).toBe('task_not_found');
    }
  });
});
