// What the response cache holds per MB and what a hit costs, on the Zipf stream's real responses:
//   npm run bench -- --only zipf --keep          (prints the kept JSQuAD DATA_DIR)
//   node --expose-gc --import tsx tools/bench/response-cache-sizes.ts <that DATA_DIR>
// It collects the hybrid response of each distinct query of the stream from a `kensaku serve` on that index (response
// cache off), then prints, per way of keeping a response, its bytes, the heap it holds, and its encode (on a miss)
// and decode (on a hit) time; and the stream replayed through the response cache at several budgets: the share of
// its repeats answered from memory, against the same budget counted in JSON characters of kept objects (the cache
// before responses were kept compressed).
import * as zlib from 'node:zlib';
import { createResponseCache } from '../../search/response-cache.ts';
import type { SearchResponse } from '../../search/types.ts';
import { publicQueries, zipfStream } from './sections/zipf-stream.ts';
import { searchPath, startKensaku } from '../lib/servers.ts';

const dataDir = process.argv[2];
const gc = (globalThis as { gc?: () => void }).gc;
if (!dataDir || !gc)
  throw new Error('usage: node --expose-gc --import tsx tools/bench/response-cache-sizes.ts <DATA_DIR>');
// The zipf section's stream: the warm-up plus its c=1/8/32 amounts.
const stream = zipfStream(Object.values(publicQueries()).flat(), 2460).stream;
const distinct = [...new Set(stream)];

const serve = await startKensaku(dataDir, 180_000, { SEARCH_CACHE_MB: '0' });
const bodies = new Map<string, string>();
try {
  for (const q of distinct) {
    const res = await fetch(serve.base + searchPath('hybrid')(q));
    if (res.status !== 200) throw new Error(`${q}: ${res.status}`);
    const { queryId: _q, ...response } = (await res.json()) as SearchResponse & { queryId?: string };
    bodies.set(q, JSON.stringify(response));
  }
} finally {
  await serve.stop();
}
const jsons = [...bodies.values()];
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
console.log(
  `${jsons.length} responses (${distinct.length} distinct queries of a ${stream.length}-request stream): JSON ` +
    `${mean(jsons.map((j) => j.length)).toFixed(0)} chars, ${mean(jsons.map((j) => Buffer.byteLength(j))).toFixed(0)} UTF-8 bytes on average`,
);

interface Way {
  name: string;
  enc: (json: string) => unknown;
  dec: (kept: any) => unknown;
}
const { constants: C } = zlib;
const brotli = (q: number) => (s: string) =>
  new Uint8Array(
    zlib.brotliCompressSync(s, {
      params: { [C.BROTLI_PARAM_QUALITY]: q, [C.BROTLI_PARAM_MODE]: C.BROTLI_MODE_TEXT },
    }),
  );
const ways: Way[] = [
  { name: 'object', enc: (s) => JSON.parse(s), dec: (o) => o },
  // A flat copy: a sliced string would share the original's memory.
  { name: 'JSON string', enc: (s) => Buffer.from(s).toString(), dec: (s: string) => JSON.parse(s) },
  ...[1, 3, 6].map((level) => ({
    name: `deflateRaw ${level}`,
    enc: (s: string) => new Uint8Array(zlib.deflateRawSync(s, { level })),
    dec: (b: Uint8Array) => JSON.parse(zlib.inflateRawSync(b).toString()),
  })),
  ...[1, 5].map((q) => ({
    name: `brotli ${q}`,
    enc: brotli(q),
    dec: (b: Uint8Array) => JSON.parse(zlib.brotliDecompressSync(b).toString()),
  })),
];
const heldBytes = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external; // a large string a Buffer decodes to is external, as are the Uint8Arrays
};
const microseconds = (f: (i: number) => void, rounds: number) => {
  for (let i = 0; i < jsons.length; i++) f(i);
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (let i = 0; i < jsons.length; i++) f(i);
  return Number(process.hrtime.bigint() - t0) / 1000 / (rounds * jsons.length);
};
console.log('\nway              bytes  heap/entry  entries per MB of heap  encode µs  decode µs');
for (const w of ways) {
  const before = heldBytes();
  const kept = jsons.map((j) => w.enc(j));
  const heap = (heldBytes() - before) / kept.length;
  const bytes = mean(
    kept.map((k) => (k instanceof Uint8Array ? k.byteLength : typeof k === 'string' ? 2 * k.length : NaN)),
  );
  const enc = microseconds((i) => w.enc(jsons[i]!), 3);
  const dec = microseconds((i) => w.dec(kept[i]), 5);
  console.log(
    `${w.name.padEnd(15)} ${bytes.toFixed(0).padStart(6)}  ${heap.toFixed(0).padStart(10)}  ${(1e6 / heap).toFixed(0).padStart(22)}  ${enc.toFixed(0).padStart(9)}  ${dec.toFixed(0).padStart(9)}`,
  );
}

// The cache as it was: objects, each counted as its JSON's length in characters.
function objectsByChars(maxChars: number) {
  const entries = new Map<string, { response: unknown; chars: number }>();
  let chars = 0;
  return {
    get(key: string) {
      const e = entries.get(key);
      if (!e) return undefined;
      entries.delete(key);
      entries.set(key, e);
      return e.response;
    },
    set(key: string, response: unknown) {
      const size = JSON.stringify(response).length;
      if (size > maxChars / 8) return;
      entries.set(key, { response, chars: size });
      chars += size;
      for (const [old, e] of entries) {
        if (chars <= maxChars) break;
        entries.delete(old);
        chars -= e.chars;
      }
    },
  };
}
interface Kept {
  get(k: string): unknown;
  set(k: string, r: SearchResponse): void;
}
const replay = (cache: Kept) => {
  const seen = new Set<string>();
  let repeats = 0;
  let served = 0;
  for (const q of stream) {
    if (seen.has(q)) repeats++;
    seen.add(q);
    if (cache.get(q)) served++;
    else cache.set(q, JSON.parse(bodies.get(q)!));
  }
  return { repeats, served };
};
console.log(
  '\nMB  repeats answered from memory: objects by JSON chars  compressed, by bytes held  (heap held after the stream)',
);
let alive: Kept | null = null;
for (const mb of [1, 2, 4, 8]) {
  // Each cache alone: its heap is what it holds once the stream has gone through it.
  const measure = (make: () => Kept) => {
    const h0 = heldBytes();
    alive = make();
    const r = replay(alive);
    const held = (heldBytes() - h0) / 1e6;
    alive = null;
    return `${((100 * r.served) / r.repeats).toFixed(0)}% (${held.toFixed(1)} MB)`;
  };
  const a = measure(() => objectsByChars(mb * 1_000_000));
  const b = measure(() => {
    const now = createResponseCache({ maxBytes: mb * 1_000_000 });
    return { get: (k) => now.get(k, 'v'), set: (k, r) => now.set(k, 'v', r) };
  });
  console.log(`${String(mb).padStart(2)}  ${a.padStart(48)}  ${b.padStart(27)}`);
}
