// The Zipf replay's query stream (tools/bench/sections/zipf-stream.ts): what the bench's "realistic traffic" claims
// rests on — every public set in the pool, a head asked far more than the tail, the same stream on every run.
import { describe, expect, it } from 'vitest';
import { novelBound } from '../tools/bench/sections/zipf-classes.ts';
import {
  publicQueries,
  repeatShare,
  streamShape,
  zipfStream,
  ZIPF_SOURCES,
} from '../tools/bench/sections/zipf-stream.ts';

describe('Zipf query stream', () => {
  const sources = publicQueries();
  const all = Object.values(sources).flat();

  it('draws from every public query file, the vite-docs keyword queries among them', () => {
    for (const file of ZIPF_SOURCES) expect(sources[file].length, file).toBeGreaterThan(0);
    expect(sources['eval/vite-docs-ja/queries.jsonl']).toContain('VITE_ プレフィックス 環境変数');
  });

  it('replays the same stream for the same seed, another for another seed', () => {
    expect(zipfStream(all, 500).stream).toEqual(zipfStream(all, 500).stream);
    expect(zipfStream(all, 500, 1, 6).stream).not.toEqual(zipfStream(all, 500).stream);
  });

  it('asks the query of rank r about 1/r as often as rank 1 (s = 1)', () => {
    const z = zipfStream(all, 40_000);
    const count = (q: string) => z.stream.filter((x) => x === q).length;
    const first = count(z.ranked[0]);
    // H(5132) ≈ 9.1: rank 1 takes about 11% of the stream.
    expect(first / z.stream.length).toBeGreaterThan(0.09);
    expect(first / z.stream.length).toBeLessThan(0.13);
    expect(count(z.ranked[1]) / first).toBeGreaterThan(0.4);
    expect(count(z.ranked[1]) / first).toBeLessThan(0.6);
    expect(count(z.ranked[9]) / first).toBeLessThan(0.2);
    // A long tail: most distinct queries are never drawn in a short stream, yet many appear once.
    const short = zipfStream(all, 2_000);
    const shape = streamShape(short.stream);
    expect(shape.distinctInStream).toBeGreaterThan(300);
    expect(shape.distinctInStream).toBeLessThan(all.length / 2);
    expect(shape.top10Share).toBeGreaterThan(0.2);
    expect(repeatShare(short.stream)).toBeGreaterThan(0.3);
  });

  it('counts a repeat only when the query came earlier in the stream', () => {
    expect(repeatShare(['a', 'b', 'a', 'a', 'c'])).toBeCloseTo(2 / 5);
    expect(repeatShare([])).toBe(0);
  });

  it('measures the shape of the part of the stream it is given', () => {
    const stream = [...Array(12).fill('head'), ...Array.from({ length: 12 }, (_, i) => `tail${i}`)];
    expect(streamShape(stream)).toEqual({ distinctInStream: 13, top10Share: 21 / 24 });
    expect(streamShape(stream.slice(0, 12))).toEqual({ distinctInStream: 1, top10Share: 1 });
  });

  it("bounds a first-seen query's cost by the peer's, for a throughput ratio", () => {
    // The peer: 10 repeats at 6 ms, 10 novel at 16 ms (10 of them embedding) = 11 ms a request; 2× = 5.5 ms. Ours:
    // 10 hits at 1 ms, so 10 novel may take (5.5 − 0.5 × 1) / 0.5 = 10 ms each.
    const b = novelBound(
      { hit: { n: 10, serverMs: 1, meiliMs: 0 }, novel: { n: 10, serverMs: 12, meiliMs: 4 } },
      { repeat: { n: 10, serverMs: 2, meiliMs: 4 }, novel: { n: 10, serverMs: 12, meiliMs: 4 } },
      2,
    );
    expect(b.novelShare).toBe(0.5);
    expect(b.budget).toBe(5.5);
    expect(b.allowed).toBe(10);
    expect(b.embedding).toBe(10);
    expect(b.peerMeili).toBe(4);
  });
});
