import { describe, expect, it } from 'vitest';
import { homeShard } from '../store/shards/placement.ts';

const ids = Array.from({ length: 10_000 }, (_, i) => `doc-${i}`);
const homes = (shards: string[]) => ids.map((id) => homeShard(id, shards));

describe('rendezvous placement of documents on shards', () => {
  it('spreads documents evenly and places each the same way every time, whatever the order of the list', () => {
    const three = homes(['a', 'b', 'c']);
    for (const s of ['a', 'b', 'c']) expect(three.filter((h) => h === s).length / ids.length).toBeCloseTo(1 / 3, 1);
    expect(homes(['c', 'a', 'b'])).toEqual(three);
  });

  it('adding a shard moves only the documents it wins, about 1/N of them', () => {
    const [two, three] = [homes(['a', 'b']), homes(['a', 'b', 'c'])];
    const moved = ids.filter((_, i) => two[i] !== three[i]);
    expect(moved.every((id) => homeShard(id, ['a', 'b', 'c']) === 'c')).toBe(true);
    expect(moved.length / ids.length).toBeGreaterThan(0.3);
    expect(moved.length / ids.length).toBeLessThan(0.37);
  });

  it('removing a shard moves only the documents it held', () => {
    const [three, two] = [homes(['a', 'b', 'c']), homes(['a', 'c'])];
    ids.forEach((_, i) => expect(three[i] === 'b' || three[i] === two[i]).toBe(true));
  });
});
