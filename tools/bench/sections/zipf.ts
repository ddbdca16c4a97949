// zipf: the traffic a real site sees, replayed. A Zipf (s = 1) stream over every public question and the vite-docs
// keyword queries (zipf-stream.ts), sent to kensaku's hybrid and to the peer over HTTP at c=1/8/32, both with the
// query-vector cache ON at its default size (EMBED_QUERY_CACHE; the peer's embedder is built by the same code with
// the same LRU). The index is the shared JSQuAD one, as in `latency` (whose uniform, cache-off runs stay the worst
// case): the other sets' queries search it too, for both servers alike.
import { loadConfig } from '../../../config/index.ts';
import { fmt, fmtRatio, heading, loadCells, round as r3, table } from '../../lib/format.ts';
import { indexJsquadFresh, type BenchState } from '../../lib/jsquad-index.ts';
import { pool, QueryRotation, runLoad, strip, type LoadResult } from '../../lib/load.ts';
import { log, print } from '../../lib/log.ts';
import { cpuSeconds, memoryMiB } from '../../lib/proc.ts';
import { PEER_SEMANTIC_RATIO } from '../../lib/peer-app.ts';
import { peerPath, searchPath, startKensaku, startPeer, type ChildServer } from '../../lib/servers.ts';
import { costByClass, novelBound, type ClassCost, type RequestClass } from './zipf-classes.ts';
import { publicQueries, repeatShare, streamShape, zipfStream, ZIPF_SOURCES } from './zipf-stream.ts';

// hybrid-computed: kensaku with its response cache off (SEARCH_CACHE_MB=0), every request computed: what the
// response cache is worth, side by side.
type Target = 'hybrid' | 'hybrid-computed' | 'peer';
const TARGETS: Target[] = ['hybrid', 'hybrid-computed', 'peer'];
const CONCURRENCY = [1, 8, 32];

interface Row {
  target: Target;
  concurrency: number;
  result: LoadResult;
  /** CPU per answered request, ms: the target's process (model included) and Meilisearch. */
  cpuMs: { server: number; meili: number };
}

export async function zipfSection(quick: boolean, docsLimit: number | undefined, state: BenchState) {
  state.jsquad ??= await indexJsquadFresh(docsLimit);
  const j = state.jsquad;
  if (j.core) {
    await j.core.close(); // the server owns this DATA_DIR's Meilisearch now
    j.core = null;
  }
  // The default size: the cache a site runs with unless it sets EMBED_QUERY_CACHE.
  const defaults = loadConfig({});
  const cacheSize = defaults.EMBED_QUERY_CACHE;
  const env = { EMBED_QUERY_CACHE: String(cacheSize), SEARCH_CACHE_MB: String(defaults.SEARCH_CACHE_MB) };
  const warm = quick ? 40 : 300;
  const amounts: Record<number, number> = quick ? { 1: 40, 8: 80, 32: 96 } : { 1: 400, 8: 800, 32: 960 };
  const perTarget = warm + CONCURRENCY.reduce((s, c) => s + amounts[c], 0);
  // After the load, the stream goes on one request at a time to cost each class of request (zipf-classes.ts).
  const classRequests = quick ? 100 : 600;
  const sources = publicQueries();
  const all = Object.values(sources).flat();
  const { stream: drawn, ranked } = zipfStream(all, perTarget + classRequests);
  const stream = drawn.slice(0, perTarget);
  const next = drawn.slice(perTarget);
  const servers: ChildServer[] = [];
  try {
    log(`zipf: kensaku serve and the peer, EMBED_QUERY_CACHE=${cacheSize} for both`);
    const serve = await startKensaku(j.dataDir, 180_000, env);
    servers.push(serve);
    if (!serve.meiliUrl || !serve.meiliKey)
      throw new Error(`could not read kensaku's Meilisearch URL from its log:\n${serve.tail()}`);
    const peer = await startPeer(j.dataDir, serve.meiliUrl, serve.meiliKey, 10, PEER_SEMANTIC_RATIO, 120_000, env);
    servers.push(peer);
    // On the same Meilisearch and index, as a second API process would be (its own data dir: the first owns j's).
    const computed = await startKensaku(`${j.dataDir}-computed`, 180_000, {
      ...env,
      SEARCH_CACHE_MB: '0',
      MEILI_URL: serve.meiliUrl,
      MEILI_MASTER_KEY: serve.meiliKey,
    });
    servers.push(computed);
    const base: Record<Target, { base: string; path: (q: string) => string }> = {
      hybrid: { base: serve.base, path: searchPath('hybrid') },
      'hybrid-computed': { base: computed.base, path: searchPath('hybrid') },
      peer: { base: peer.base, path: peerPath },
    };
    // Each target replays the same stream from its start: the same requests in the same order.
    const rotation: Record<Target, QueryRotation> = {
      hybrid: new QueryRotation(stream),
      'hybrid-computed': new QueryRotation(stream),
      peer: new QueryRotation(stream),
    };
    const load = (t: Target, c: number, amount: number) =>
      runLoad({ ...base[t], queries: rotation[t], connections: c, amount, maxSeconds: 150 });
    // The site has been up a while: the stream's first requests fill both caches, unmeasured.
    log(`zipf: warm-up, the stream's first ${warm} requests to each (c=8)`);
    for (const t of TARGETS) await load(t, 8, warm);
    // CPU per request, ms, of the target's own process and of the Meilisearch both share (the quarters run one at a
    // time, so its CPU in a quarter is that target's): on a shared machine, the figure other jobs bend least.
    const meiliPid = serve.meiliPid;
    const pidOf: Record<Target, number> = { hybrid: serve.pid, 'hybrid-computed': computed.pid, peer: peer.pid };
    const cpu = Object.fromEntries(TARGETS.map((t) => [t, { server: 0, meili: 0, n: 0 }])) as Record<
      Target,
      { server: number; meili: number; n: number }
    >;
    const rows: Row[] = [];
    for (const c of CONCURRENCY) {
      const parts = Object.fromEntries(TARGETS.map((t) => [t, []])) as unknown as Record<Target, LoadResult[]>;
      // A B, B A, A B, B A: drift and the shared machine's hiccups hit both alike.
      for (const order of [TARGETS, [...TARGETS].reverse(), TARGETS, [...TARGETS].reverse()])
        for (const t of order) {
          const s0 = cpuSeconds(pidOf[t]);
          const m0 = meiliPid ? cpuSeconds(meiliPid) : NaN;
          const r = await load(t, c, amounts[c] / 4);
          cpu[t].server += cpuSeconds(pidOf[t]) - s0;
          cpu[t].meili += meiliPid ? cpuSeconds(meiliPid) - m0 : NaN;
          cpu[t].n += r.ok;
          if (r.non2xx || r.errors) throw new Error(`zipf ${t} c=${c}: ${r.non2xx} non-2xx, ${r.errors} errors`);
          parts[t].push(r);
          log(`  c=${c} ${t.padEnd(15)} n=${r.ok} p50 ${fmt(r.p50)} p95 ${fmt(r.p95)} ms (${fmt(r.rps)} req/s)`);
        }
      for (const t of TARGETS) {
        const { server, meili, n } = cpu[t];
        rows.push({
          target: t,
          concurrency: c,
          result: pool(parts[t]),
          cpuMs: { server: r3((1000 * server) / n, 2), meili: r3((1000 * meili) / n, 2) },
        });
        cpu[t] = { server: 0, meili: 0, n: 0 };
      }
    }
    log(`zipf: the stream's next ${classRequests} requests one at a time, CPU by class (hybrid, then the peer)`);
    const seen = new Set(stream);
    const classes = {
      hybrid: await costByClass({ ...base.hybrid, pid: serve.pid }, meiliPid!, next, seen),
      peer: await costByClass({ ...base.peer, pid: peer.pid }, meiliPid!, next, seen),
    };
    // Peak RSS of each server process over the whole replay: what the response cache holds shows in hybrid's.
    const peakRssMiB = Object.fromEntries(TARGETS.map((t) => [t, Math.round(memoryMiB(pidOf[t]).peakRss)]));
    const shape = streamShape(stream);
    const out = {
      cacheSize,
      peakRssMiB,
      responseCacheMb: defaults.SEARCH_CACHE_MB,
      zipfS: 1,
      sources: Object.fromEntries(ZIPF_SOURCES.map((s) => [s, sources[s].length])),
      distinctQueries: ranked.length,
      streamLength: perTarget,
      warmup: warm,
      distinctInStream: shape.distinctInStream,
      top10Share: r3(shape.top10Share, 3),
      repeatShare: r3(repeatShare(stream), 3),
      jsquadDocuments: docsLimit ?? 1145,
      classes,
      bound: novelBound(classes.hybrid, classes.peer, 2),
      rows: rows.map((r) => ({ target: r.target, concurrency: r.concurrency, cpuMs: r.cpuMs, ...strip(r.result) })),
    };
    printZipf(out, rows);
    return out;
  } finally {
    for (const s of servers.reverse()) await s.stop();
  }
}

function printZipf(out: Record<string, any>, rows: Row[]) {
  print(heading('Zipf replay (s = 1), query-vector cache on: kensaku hybrid vs the peer over HTTP, ms'));
  const t = [
    [
      'target',
      'c',
      'n',
      'p50',
      'p95',
      'p99',
      'req/s',
      'cache hits',
      'response cache',
      'p95 ÷ peer',
      'req/s ÷ peer',
      'CPU ms/req server+Meili',
    ],
  ];
  for (const r of rows) {
    const peer = rows.find((x) => x.target === 'peer' && x.concurrency === r.concurrency)!.result;
    const hits = r.result.suspectedLruHits ?? 0;
    t.push([
      ...loadCells(r.target, r.concurrency, r.result),
      `${fmt((100 * hits) / (r.result.ok || 1), 0)}%`,
      `${fmt((100 * (r.result.cachedResponses ?? 0)) / (r.result.ok || 1), 0)}%`,
      fmtRatio(r.result.p95 / peer.p95),
      fmtRatio(r.result.rps / peer.rps),
      `${fmt(r.cpuMs.server, 2)}+${fmt(r.cpuMs.meili, 2)}`,
    ]);
  }
  print(table(t, (c) => c > 0));
  print(
    `stream: ${out.streamLength} requests per target (the first ${out.warmup} warm the caches, unmeasured) drawn from ` +
      `${out.distinctQueries} distinct public queries (${Object.entries(out.sources)
        .map(([k, v]) => `${k.replace(/^eval\//, '').replace(/\/queries\.jsonl$|\.jsonl$/, '')} ${v}`)
        .join(', ')}); ${out.distinctInStream} distinct in the stream, ` +
      `top 10 = ${fmt(100 * out.top10Share, 0)}% of it, ${fmt(100 * out.repeatShare, 0)}% repeats of an earlier request.`,
  );
  print(
    `Every server: EMBED_QUERY_CACHE=${out.cacheSize} (the default), the same embedder code and LRU; cache hits = responses whose ` +
      "server-side embedding took < 0.5 ms (a whole response from kensaku's response cache counts). " +
      `hybrid runs kensaku's response cache at its default (SEARCH_CACHE_MB=${out.responseCacheMb}), hybrid-computed ` +
      'with it off (a second API process on the same Meilisearch); the peer has none. Index: the JSQuAD paragraphs ' +
      "(the other sets' queries search it too).",
  );
  print(
    `response cache = responses that say "cached": true. Peak RSS over the replay, MiB: ${Object.entries(out.peakRssMiB)
      .map(([t, m]) => `${t} ${m}`)
      .join(', ')}.`,
  );
  print(
    'CPU ms/req: CPU seconds of the server process (its query model included) and of Meilisearch per answered request; ' +
      'once the cores are saturated (c=8, c=32 on 2 cores), req/s follows it.',
  );
  printClasses(out.classes, out.bound);
  const h = rows.find((r) => r.target === 'hybrid' && r.concurrency === 8)?.result;
  const p = rows.find((r) => r.target === 'peer' && r.concurrency === 8)?.result;
  if (h && p)
    print(
      `target: hybrid req/s ≥ 2× the peer's at c=8 (Zipf, caches on): ${fmtRatio(h.rps / p.rps)} -> ${h.rps / p.rps >= 2 ? 'MET' : 'NOT MET'}`,
    );
}

function printClasses(
  classes: Record<'hybrid' | 'peer', Partial<Record<RequestClass, ClassCost>>>,
  b: ReturnType<typeof novelBound>,
) {
  print(heading('Zipf replay: CPU per request by class, one request at a time (c=1), ms'));
  const t = [['target', 'class', 'n', 'server', 'Meilisearch', 'total']];
  for (const [target, cs] of Object.entries(classes))
    for (const [k, c] of Object.entries(cs))
      t.push([target, k, String(c.n), fmt(c.serverMs, 2), fmt(c.meiliMs, 2), fmt(c.serverMs + c.meiliMs, 2)]);
  print(table(t, (c) => c > 1));
  print(
    'hit: answered from the response cache; repeat: asked before, computed (its query vector cached); novel: first ' +
      'asked, so embedded. The peer has no response cache: its repeats are computed.',
  );
  print(
    `2× the peer's req/s on saturated cores needs ≤ ${fmt(b.budget, 2)} ms a request. With ${fmt(100 * (1 - b.novelShare), 0)}% ` +
      `of requests hits at their cost, a novel query may take ≤ ${fmt(b.allowed, 2)} ms of server and Meilisearch CPU; ` +
      `embedding one costs ${fmt(b.embedding, 2)} ms (the peer's novel minus its repeat server CPU) and the peer's one ` +
      `Meilisearch query ${fmt(b.peerMeili, 2)} ms.`,
  );
}
