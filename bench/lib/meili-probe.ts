import { Meilisearch, type MultiSearchQuery } from 'meilisearch';
import { createLocalEmbedder } from '../../embeddings/index.ts';
import { createSearchLegs, FORMATTED, FULL_FIELDS, LEG_FIELDS } from '../../store/search-legs.ts';
import { percentile, round } from './format.ts';
import type { QueryRotation } from './load.ts';
import { MODEL_DIR } from './paths.ts';
import { PEER_SEMANTIC_RATIO } from './peer-app.ts';
import { nodeHttpClient } from '../../store/node-http-client.ts';

// The request shapes Meilisearch gets for one search, sent from this process to kensaku's own Meilisearch with
// precomputed query vectors (no model in the timed path), one query at a time, every shape per query in rotating
// order. Separates what Meilisearch spends on each shape from what the API adds around it.

export interface ProbeRow {
  shape: string;
  what: string;
  n: number;
  wallP50: number;
  wallP95: number;
  meiliP50: number;
  meiliP95: number;
}

export async function probeMeiliShapes(o: { url: string; apiKey: string; indexName: string; embedderName: string; queries: QueryRotation; count: number; window: number; log: (s: string) => void }): Promise<ProbeRow[]> {
  const client = new Meilisearch({ host: o.url, apiKey: o.apiKey, timeout: 30_000 });
  const legs = createSearchLegs({ client, indexName: o.indexName, locale: 'jpn', embedder: { name: o.embedderName } });
  const httpClient = new Meilisearch({ host: o.url, apiKey: o.apiKey, httpClient: nodeHttpClient() });
  const httpLegs = createSearchLegs({ client: httpClient, indexName: o.indexName, locale: 'jpn', embedder: { name: o.embedderName } });
  const embedder = await createLocalEmbedder({ modelDir: MODEL_DIR, modelId: 'multilingual-e5-small', batchSize: 1, threads: 2 });
  const qs: Array<{ q: string; vector: number[] }> = [];
  try {
    o.log(`probe: embedding ${o.count} queries up front`);
    for (let i = 0; i < o.count; i++) {
      const q = o.queries.next();
      qs.push({ q, vector: await embedder.embedQuery(q) });
    }
  } finally {
    await embedder.close();
  }
  // The product's fields: the legs' own (without the NFKC text), or the peer's (with it, highlighted and cropped).
  const base = (q: string, limit: number, format: boolean): MultiSearchQuery => ({
    indexUid: o.indexName,
    q,
    limit,
    locales: ['jpn'],
    showRankingScore: true,
    ...(format ? { attributesToRetrieve: FULL_FIELDS, ...FORMATTED } : { attributesToRetrieve: LEG_FIELDS }),
  });
  const sem = (q: string | undefined, vector: number[], limit: number, format: boolean, ratio = 1): MultiSearchQuery => ({
    ...base(q ?? '', limit, format),
    ...(q === undefined ? { q: undefined } : {}),
    vector,
    hybrid: { embedder: o.embedderName, semanticRatio: ratio },
  });
  const w = o.window;
  type Shape = { shape: string; what: string; run: (x: { q: string; vector: number[] }) => Promise<number> };
  const multi = async (queries: MultiSearchQuery[], via = client) => {
    const { results } = await via.multiSearch({ queries });
    return results.reduce((s, r) => s + (r.processingTimeMs ?? 0), 0);
  };
  const legsVia = (l: typeof legs) => async (x: { q: string; vector: number[] }) => {
    const r = await l.run({ q: x.q, vector: x.vector, window: w, locale: 'jpn', runKeyword: true, runSemantic: true });
    return (r.keyword?.ms ?? 0) + (r.semantic?.ms ?? 0);
  };
  const shapes: Shape[] = [
    { shape: 'kensaku-legs', what: `kensaku's legs as sent (store.legs.run, node:http): keyword + semantic(q, vector, ratio 1), ${w} each, stored fields`, run: legsVia(httpLegs) },
    { shape: 'kensaku-legs-fetch', what: "the same over meilisearch-js's default fetch (undici)", run: legsVia(legs) },
    { shape: 'legs-highlighted', what: 'the same legs with Meilisearch highlight+crop (before snippets moved into the API)', run: (x) => multi([base(x.q, w, true), sem(x.q, x.vector, w, true)], httpClient) },
    { shape: 'legs-no-q-in-semantic', what: 'semantic leg without q (pure vector search)', run: (x) => multi([base(x.q, w, false), sem(undefined, x.vector, w, false)], httpClient) },
    { shape: 'legs-window10', what: `legs with window 10 instead of ${w}`, run: (x) => multi([base(x.q, 10, false), sem(x.q, x.vector, 10, false)], httpClient) },
    { shape: 'keyword-leg', what: `keyword leg alone (mode=keyword), ${w}`, run: (x) => multi([base(x.q, w, false)], httpClient) },
    { shape: 'semantic-leg', what: `semantic leg alone (mode=semantic): q + vector, ratio 1, ${w}`, run: (x) => multi([sem(x.q, x.vector, w, false)], httpClient) },
    { shape: 'native-hybrid-10', what: 'peer: Meilisearch native hybrid, ratio 0.7, limit 10, highlight+crop (node:http)', run: (x) => multi([sem(x.q, x.vector, 10, true, PEER_SEMANTIC_RATIO)], httpClient) },
    { shape: 'native-hybrid-10-fetch', what: 'the peer request over fetch (undici)', run: (x) => multi([sem(x.q, x.vector, 10, true, PEER_SEMANTIC_RATIO)]) },
    { shape: 'native-hybrid-50', what: `Meilisearch native hybrid, ratio 0.7, limit ${w}, highlight+crop (node:http)`, run: (x) => multi([sem(x.q, x.vector, w, true, PEER_SEMANTIC_RATIO)], httpClient) },
  ];
  const wall = new Map<string, number[]>(shapes.map((s) => [s.shape, []]));
  const meili = new Map<string, number[]>(shapes.map((s) => [s.shape, []]));
  const deadline = performance.now() + 300_000;
  for (let i = 0; i < qs.length && performance.now() < deadline; i++) {
    for (let k = 0; k < shapes.length; k++) {
      const s = shapes[(i + k) % shapes.length];
      const t0 = performance.now();
      const m = await s.run(qs[i]);
      wall.get(s.shape)!.push(performance.now() - t0);
      meili.get(s.shape)!.push(m);
    }
  }
  return shapes.map((s) => ({
    shape: s.shape,
    what: s.what,
    n: wall.get(s.shape)!.length,
    wallP50: round(percentile(wall.get(s.shape)!, 50), 2),
    wallP95: round(percentile(wall.get(s.shape)!, 95), 2),
    meiliP50: round(percentile(meili.get(s.shape)!, 50), 2),
    meiliP95: round(percentile(meili.get(s.shape)!, 95), 2),
  }));
}
