import { afterAll, describe, expect, inject, it } from 'vitest';
import { Meilisearch } from 'meilisearch';
import { waitFor } from './helpers/process.ts';
import { dropIndexes, getJson, killServers, serverEnv, startServer } from './helpers/server-process.ts';

const ADMIN = 'admin-key-analytics-processes-0123456789';
const SEARCH = 'search-key-analytics-processes-0123456789';
const env = serverEnv({ ADMIN_KEY: ADMIN, SEARCH_KEY: SEARCH, LOG_LEVEL: 'warn' });
afterAll(async () => {
  killServers();
  await dropIndexes(env.INDEX_NAME);
});

const search = async (base: string, q: string) => {
  const { status, body } = await getJson<{ queryId: string }>(
    `${base}/search?${new URLSearchParams({ q, mode: 'keyword' })}`,
    { headers: { authorization: `Bearer ${SEARCH}` } },
  );
  expect(status).toBe(200);
  return body.queryId;
};
const click = async (base: string, queryId: string, position: number) =>
  (
    await fetch(`${base}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${SEARCH}` },
      body: JSON.stringify({ type: 'click', queryId, chunkId: 'doc#0', position }),
    })
  ).status;
interface Top {
  queries: { query: string; searches: number; clicks: number; meanClickPosition: number | null }[];
}
const top = async (base: string) =>
  (await getJson<Top>(`${base}/analytics/top`, { headers: { authorization: `Bearer ${ADMIN}` } })).body.queries;

describe('analytics across two API processes on one Meilisearch', () => {
  it('adds up both processes exactly, takes a click on the other process, writes the last window on a clean stop, and keeps what its timer wrote through a kill -9', async () => {
    // One writes every 200 ms; the other only on its clean stop, which must then write all it counted.
    const one = await startServer({ ...env, DATA_DIR: `${env.DATA_DIR}-1`, ANALYTICS_FLUSH_MS: '200' }, 'keyword');
    const two = await startServer({ ...env, DATA_DIR: `${env.DATA_DIR}-2`, ANALYTICS_FLUSH_MS: '3600000' }, 'keyword');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await search(one.base, '普天間'));
    for (let i = 0; i < 7; i++) ids.push(await search(two.base, '普天間'));
    for (let i = 0; i < 3; i++) await search(two.base, '辺野古');
    // Each search clicked on the process that did not answer it: the queryId verifies anywhere.
    expect(await click(two.base, ids[0], 1)).toBe(202);
    expect(await click(one.base, ids[6], 3)).toBe(202);
    expect(await click(one.base, ids[7], 2)).toBe(202);

    // Two has written nothing yet (a day-long window, and a view flushes only its own process): one's counts only.
    const early = await waitFor(
      "process one's counts",
      async () => {
        const q = (await top(one.base)).find((x) => x.query === '普天間');
        return q?.searches === 5 && q.clicks === 2 ? q : undefined;
      },
      30_000,
    );
    expect(early).toMatchObject({ searches: 5, clicks: 2 });

    expect(await two.stop()).toBe(0);
    const queries = await top(one.base);
    expect(queries).toEqual([
      expect.objectContaining({ query: '普天間', searches: 12, clicks: 3, meanClickPosition: 2 }),
      expect.objectContaining({ query: '辺野古', searches: 3, clicks: 0 }),
    ]);

    // One's timer writes without a view asking (read from Meilisearch itself), and what it wrote outlives a kill -9.
    for (let i = 0; i < 4; i++) await search(one.base, '嘉手納');
    const analytics = new Meilisearch({ host: inject('meiliUrl'), apiKey: inject('meiliKey') }).index(
      `${env.INDEX_NAME}_analytics`,
    );
    await waitFor(
      "one's timed flush",
      async () => {
        const { results } = await analytics.getDocuments({ filter: 'key = "search-key"', limit: 1000 });
        const written = results.filter((r) => r.query === '嘉手納').reduce((n, r) => n + (r.searches as number), 0);
        return written === 4 ? true : undefined;
      },
      30_000,
    );
    await one.kill9();
    const three = await startServer({ ...env, DATA_DIR: `${env.DATA_DIR}-3` }, 'keyword');
    expect((await top(three.base)).find((x) => x.query === '嘉手納')).toMatchObject({ searches: 4 });
    expect(await three.stop()).toBe(0);
  }, 300_000);
});
