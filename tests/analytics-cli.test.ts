import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ANALYTICS_BUCKET_MS, type AnalyticsRecord } from '../domain/analytics.ts';
import { createAnalyticsStore } from '../store/analytics-store.ts';
import { meiliClient } from '../store/meili-client.ts';
import { finished, runCli } from './helpers/process.ts';
import { dropIndexes, serverEnv } from './helpers/server-process.ts';

const env = serverEnv({ LOG_LEVEL: 'warn' });
const kensaku = (...args: string[]) => finished(runCli(['analytics', ...args], env));
const hour = Math.floor(Date.now() / ANALYTICS_BUCKET_MS) * ANALYTICS_BUCKET_MS;
const hostile = '=HYPERLINK("http://x",1),"a"';

function record(id: string, query: string, counts: Partial<AnalyticsRecord>, hoursAgo = 0): AnalyticsRecord {
  return {
    id,
    bucket: hour - hoursAgo * ANALYTICS_BUCKET_MS,
    process: id.startsWith('p1') ? 'p1' : 'p2',
    query,
    mode: 'hybrid',
    key: 'search-key',
    origin: 'https://shop.example',
    searches: 0,
    zeroHits: 0,
    hits: 0,
    latencyMs: 0,
    clicks: 0,
    conversions: 0,
    positionSum: 0,
    positions: {},
    ...counts,
  };
}

beforeAll(async () => {
  const store = createAnalyticsStore({
    client: meiliClient({ url: inject('meiliUrl'), apiKey: inject('meiliKey'), timeoutMs: 30_000 }),
    indexName: env.INDEX_NAME,
    taskTimeoutMs: 60_000,
  });
  // Two processes' records of one query in one hour: the command sums them.
  await store.put([
    record('p1-a', '普天間', { searches: 4, hits: 40, clicks: 2, positionSum: 3, positions: { '1': 1, '2': 1 } }),
    record('p2-a', '普天間', { searches: 3, hits: 30, clicks: 1, positionSum: 1, positions: { '1': 1 } }),
    record('p1-b', '存在しない', { searches: 2, zeroHits: 2 }, 2),
    record('p1-c', hostile, { searches: 1, zeroHits: 1 }, 3),
  ]);
});
afterAll(() => dropIndexes(env.INDEX_NAME));

describe('kensaku analytics', () => {
  it('top sums every process, as text and JSON', async () => {
    const text = await kensaku('top');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout.split('\n')[1]).toMatch(/^\s+7\s+0\s+3\s+42\.9%\s+普天間$/);
    const json = await kensaku('top', '--json', '--limit', '1');
    expect(JSON.parse(json.stdout)).toEqual([
      {
        query: '普天間',
        searches: 7,
        zeroHits: 0,
        meanHits: 10,
        clicks: 3,
        conversions: 0,
        clickThrough: 0.4286,
        meanClickPosition: 1.3333,
      },
    ]);
  });

  it('no-results lists the queries that found nothing, in the range asked', async () => {
    const all = await kensaku('no-results', '--json');
    expect(JSON.parse(all.stdout).map((q: { query: string }) => q.query)).toEqual(['存在しない', hostile]);
    const recent = await kensaku('no-results', '--json', '--from', new Date(hour - ANALYTICS_BUCKET_MS).toISOString());
    expect(JSON.parse(recent.stdout)).toEqual([]);
  });

  it('exports every hour as CSV (formulas defused) or NDJSON', async () => {
    const csv = await kensaku('export');
    expect(csv.code, csv.stderr).toBe(0);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      'bucket,query,mode,key,origin,searches,zeroHits,hits,latencyMs,clicks,conversions,positionSum,positions',
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(
      `${new Date(hour - 3 * ANALYTICS_BUCKET_MS).toISOString()},"'=HYPERLINK(""http://x"",1),""a""",hybrid,search-key,https://shop.example,1,1,0,0,0,0,0,{}`,
    );
    expect(lines[3]).toContain(',普天間,hybrid,search-key,https://shop.example,7,0,70,0,3,0,4,"{""1"":2,""2"":1}"');
    const nd = await kensaku('export', '--format', 'ndjson');
    const rows = nd.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.query)).toEqual([hostile, '存在しない', '普天間']);
    expect(rows[2]).toMatchObject({ searches: 7, clicks: 3, positions: { '1': 2, '2': 1 } });
  });

  it('refuses a bad view, format or range with the usage', async () => {
    for (const args of [['everything'], ['export', '--format', 'xml'], ['top', '--from', 'yesterday']]) {
      const run = await kensaku(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^kensaku analytics: /);
    }
  });
});
