/**
 * The dashboard's pure parts (web/dashboard): the hourly series its charts draw from /analytics/searches' buckets,
 * which list only hours with searches or events, and the range presets' start.
 */
import { describe, expect, it } from 'vitest';
import { hourlySeries, rangeName, rangeStart } from '../web/dashboard/range.ts';
import { parseScope, scopeValue } from '../web/dashboard/scope.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-12-07T00:00:00Z');
const bucket = (hour: number, searches: number, clicks: number) => ({
  bucket: new Date(T0 + hour * HOUR).toISOString(),
  searches,
  zeroHits: 1,
  clicks,
  conversions: 0,
  clickThrough: searches ? clicks / searches : null,
  meanLatencyMs: 5,
});

describe('hourlySeries', () => {
  it('fills the hours between buckets with zero searches and no click-through (a gap, not 0 %)', () => {
    const s = hourlySeries(new Date(T0), [bucket(1, 4, 1), bucket(3, 3, 0)], HOUR, T0 + 4 * HOUR - 1);
    expect(s.times).toEqual([0, 1, 2, 3].map((h) => (T0 + h * HOUR) / 1000));
    expect(s.searches).toEqual([0, 4, 0, 3]);
    expect(s.zeroHits).toEqual([0, 1, 0, 1]);
    expect(s.clickThrough).toEqual([null, 25, null, 0]);
  });

  it('starts at the hour of `from` and ends at the current hour', () => {
    const s = hourlySeries(new Date(T0 + 30 * 60_000), [], HOUR, T0 + 2 * HOUR + 5);
    expect(s.times).toEqual([T0, T0 + HOUR, T0 + 2 * HOUR].map((t) => t / 1000));
  });
});

describe('ranges and scopes', () => {
  it('a range ends with the current hour and holds its number of hours', () => {
    const now = T0 + 10 * HOUR + 123;
    expect(rangeStart('24h', now).getTime()).toBe(T0 + 11 * HOUR - 24 * HOUR);
    expect(hourlySeries(rangeStart('7d', now), [], HOUR, now).times).toHaveLength(24 * 7);
    expect(rangeName('30d')).toBe('30d');
    expect(rangeName('1y')).toBe('7d');
    expect(rangeName(null)).toBe('7d');
  });

  it('a scope names a key or an origin, an origin with colons included; anything else is everything', () => {
    expect(parseScope('origin:https://www.example.com:8443')).toEqual({
      kind: 'origin',
      name: 'https://www.example.com:8443',
    });
    expect(parseScope('key:key:0f3a')).toEqual({ kind: 'key', name: 'key:0f3a' });
    expect(parseScope('origin:')).toEqual({ kind: 'origin', name: '' });
    expect(parseScope('')).toBeNull();
    expect(parseScope('user:x')).toBeNull();
    expect(scopeValue({ kind: 'key', name: 'search-key' })).toBe('key:search-key');
  });
});
