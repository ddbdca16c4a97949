import { afterAll, describe, expect, inject, it } from 'vitest';
import { ANALYTICS_BUCKET_MS } from '../domain/analytics.ts';
import { createAnalyticsRecorder } from '../service/analytics-recorder.ts';
import { createAnalyticsStore, type AnalyticsStore } from '../store/analytics-store.ts';
import { meiliClient } from '../store/meili-client.ts';
import { dropIndexes } from './helpers/server-process.ts';

const indexName = `ar${process.pid}_${Date.now().toString(36)}`;
const storeWith = (apiKey: string) =>
  createAnalyticsStore({
    client: meiliClient({ url: inject('meiliUrl'), apiKey, timeoutMs: 30_000 }),
    indexName,
    taskTimeoutMs: 60_000,
  });
afterAll(() => dropIndexes(indexName));

const group = { query: '普天間', mode: 'hybrid', key: 'search-key', origin: '' };
const sum = (records: { searches: number }[]) => records.reduce((n, r) => n + r.searches, 0);

describe('the analytics recorder against a real Meilisearch', () => {
  it('keeps the counts of a refused write for the next flush, and rewrites a record with its totals', async () => {
    const good = storeWith(inject('meiliKey'));
    await good.ensure();
    // Meilisearch refuses this key: the first flush fails as a real outage of the primary would.
    let current: AnalyticsStore = storeWith('not-the-key');
    const errors: string[] = [];
    const hour = Math.floor(Date.now() / ANALYTICS_BUCKET_MS) * ANALYTICS_BUCKET_MS;
    let now = hour + 1000;
    const recorder = createAnalyticsRecorder({
      store: { put: (r) => current.put(r), deleteBefore: (c) => current.deleteBefore(c) },
      flushMs: 3_600_000,
      retentionDays: 90,
      onError: (message) => errors.push(message),
      now: () => now,
    });
    const range = { from: hour - ANALYTICS_BUCKET_MS, to: hour + 3 * ANALYTICS_BUCKET_MS };
    for (let i = 0; i < 3; i++) recorder.searched({ ...group, hits: i, latencyMs: 10 });
    await recorder.flush();
    expect(errors).toEqual(['writing analytics failed; the counts are kept for the next flush']);
    expect(await good.read(range)).toEqual([]);

    // Back: the same counts go out, and the hour rolls over before the next search.
    current = good;
    now = hour + ANALYTICS_BUCKET_MS + 1000;
    recorder.searched({ ...group, hits: 0, latencyMs: 10 });
    await recorder.flush();
    const written = await good.read(range);
    expect(written.map((r) => [r.bucket - hour, r.searches, r.zeroHits, r.hits])).toEqual(
      expect.arrayContaining([
        [0, 3, 1, 3],
        [ANALYTICS_BUCKET_MS, 1, 1, 0],
      ]),
    );
    // A later count rewrites this process's record of the hour with its new total: no second record, nothing twice.
    recorder.searched({ ...group, hits: 5, latencyMs: 10 });
    await recorder.flush();
    const later = await good.read(range);
    expect(later).toHaveLength(2);
    expect(sum(later)).toBe(5);
    expect(later.find((r) => r.bucket === hour + ANALYTICS_BUCKET_MS)).toMatchObject({ searches: 2, hits: 5 });
  });
});
