// One session for searches and indexing: while searches keep arriving, indexing pauses between passages (a duty
// cycle) yet still finishes. A stand-in model on a clock of its own: a passage costs 10 ticks, a query 1.
import { describe, expect, it } from 'vitest';
import { createIndexYield } from '../embeddings/index-yield.ts';
import { createPriorityLanes } from '../embeddings/priority-lanes.ts';

const PASSAGE = 10;
const QUERY = 1;
const tick = () => new Promise((r) => setImmediate(r));

function session(ratio: number) {
  let clock = 0;
  const log: string[] = [];
  const lanes = createPriorityLanes({
    embedQuery: async () => {
      clock += QUERY;
      await tick();
      log.push('q');
      return [0];
    },
    embedPassages: async (texts) => {
      clock += PASSAGE;
      await tick();
      log.push('p');
      return texts.map((t) => [Number(t)]);
    },
    textsPerStep: 1,
    indexYield: ratio > 0 ? createIndexYield({ ratio, windowMs: 1000, now: () => clock }) : undefined,
  });
  return { lanes, log };
}

/** Queries answered between one passage and the next. */
function queriesBetweenPassages(log: string[]): number[] {
  const at = log.flatMap((e, i) => (e === 'p' ? [i] : []));
  return at.slice(1).map((i, k) => i - at[k] - 1);
}

/** One search after another (c=1) until the document is indexed; its vectors and how many searches ran. */
async function indexWhileSearching(ratio: number) {
  const { lanes, log } = session(ratio);
  const texts = Array.from({ length: 8 }, (_, i) => String(i));
  let indexed = false;
  let searches = 0;
  const searching = (async () => {
    while (!indexed) {
      await lanes.query('沖縄の基地移転');
      searches++;
      await tick(); // the response goes out, the next search comes in
    }
  })();
  await tick();
  const rows = await lanes.passages(texts).finally(() => (indexed = true));
  await searching;
  return { rows, texts, searches, log };
}

describe('indexing beside searches on one session', () => {
  it('a document indexes to the end, in order, while searches keep arriving', async () => {
    const { rows, texts, searches } = await indexWhileSearching(3);
    expect(rows).toEqual(texts.map((t) => [Number(t)]));
    expect(searches).toBeGreaterThan(texts.length);
  });

  it('while searches arrive, several are answered between two passages, not one', async () => {
    const yielding = await indexWhileSearching(3);
    // A pause of 3 × 10 ticks: about 30 one-tick queries fit in it.
    expect(Math.min(...queriesBetweenPassages(yielding.log))).toBeGreaterThanOrEqual(2);
    const plain = await indexWhileSearching(0);
    // Back to back, every search but the first lands on a passage and waits for it.
    expect(Math.max(...queriesBetweenPassages(plain.log))).toBeLessThanOrEqual(1);
  });
});

describe('index yield', () => {
  it('never pauses indexing when no query came within the window', () => {
    let clock = 0;
    const pace = createIndexYield({ ratio: 3, windowMs: 1000, now: () => clock });
    pace.stepped(clock - 50);
    expect(pace.waitMs()).toBe(0);
    pace.queried();
    clock += 1001;
    pace.stepped(clock - 50);
    expect(pace.waitMs()).toBe(0);
  });

  it('pauses for the ratio times the passage just run while queries arrive, less the time gone since', () => {
    let clock = 100;
    const pace = createIndexYield({ ratio: 3, windowMs: 1000, now: () => clock });
    pace.queried();
    const started = clock;
    clock += 40;
    pace.stepped(started);
    expect(pace.waitMs()).toBe(120);
    clock += 100; // queries ran meanwhile
    pace.queried();
    expect(pace.waitMs()).toBe(20);
  });
});
