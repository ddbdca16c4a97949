// latency and rss: one `kensaku serve` child on the shared JSQuAD DATA_DIR (DEMO_CORPUS=off). Cold starts first, then
// the latency runs and search during a bulk index; peak RSS is read last so it covers them all. Then a bulk index
// with no searches, and a second child with EMBED_INDEX_YIELD=0 for the same bulk measurements (before/after).
import { fmt, heading, percentile, round as r3, table } from '../../lib/format.ts';
import { indexJsquadFresh, type BenchState } from '../../lib/jsquad-index.ts';
import { loadQueries } from '../../lib/jsquad.ts';
import { QueryRotation, runLoad, strip } from '../../lib/load.ts';
import { log, print } from '../../lib/log.ts';
import { memoryMiB } from '../../lib/proc.ts';
import { PEER_SEMANTIC_RATIO } from '../../lib/peer-app.ts';
import { peerPath, searchPath, startKensaku, startPeer, type ChildServer } from '../../lib/servers.ts';
import { indexAlone, printBulk, searchDuringBulk, YIELD_OFF } from './serve-bulk.ts';
import { measureLatency, printLatency, printPeerTargets, type LatencyRow } from './serve-latency.ts';

export interface ServeOptions {
  quick: boolean;
  docsLimit: number | undefined;
  latency: boolean;
  rss: boolean;
}

interface ColdStart {
  /** spawn -> keyword search answers (first /health 200). */
  keywordReadyMs: number;
  readyMs: number;
  rssMiB: number;
  meiliRssMiB: number;
  events: Record<string, number>;
}

/** Starts kensaku `starts` times on the same DATA_DIR; all but the last are stopped again. */
async function coldStarts(dataDir: string, starts: number) {
  const cold: ColdStart[] = [];
  let serve!: ChildServer;
  for (let i = 0; i < starts; i++) {
    log(`serve: cold start ${i + 1}/${starts} (spawn kensaku serve -> /health ok with embeddings available)`);
    serve = await startKensaku(dataDir);
    cold.push({
      keywordReadyMs: r3(serve.keywordReadyMs, 0),
      readyMs: r3(serve.readyMs, 0),
      rssMiB: r3(serve.memory().rss, 0),
      meiliRssMiB: serve.meiliPid ? r3(memoryMiB(serve.meiliPid).rss, 0) : NaN,
      events: serve.events,
    });
    if (i < starts - 1) await serve.stop();
  }
  return { serve, cold };
}

export async function serveSection(o: ServeOptions, state: BenchState) {
  state.jsquad ??= await indexJsquadFresh(o.docsLimit);
  const j = state.jsquad;
  if (j.core) {
    await j.core.close(); // the server owns this DATA_DIR's Meilisearch now
    j.core = null;
  }
  const rotation = new QueryRotation(loadQueries());
  const out: Record<string, unknown> = { queriesDistinct: rotation.queries.length, queryCache: 0 };
  const servers: ChildServer[] = [];
  try {
    const { serve, cold } = await coldStarts(j.dataDir, o.rss ? (o.quick ? 2 : 3) : 1);
    servers.push(serve);
    out.coldStart = cold;
    if (!serve.meiliUrl || !serve.meiliKey)
      throw new Error(`could not read kensaku's Meilisearch URL from its log:\n${serve.tail()}`);
    const meili = { url: serve.meiliUrl, key: serve.meiliKey };

    let rows: LatencyRow[] = [];
    if (o.latency) {
      rows = await measureLatency({ serve, meili, dataDir: j.dataDir, rotation, quick: o.quick, out, servers });
      await searchDuringBulk({ serve, rotation, quick: o.quick, out });
      out.queriesUsed = rotation.used;
      out.queriesNeverRepeated = rotation.neverRepeated;
    } else {
      log('serve: short hybrid load (c=8, 100 requests) so peak RSS reflects serving');
      const shortLoad = (base: string, path: (q: string) => string) =>
        runLoad({ base, path, queries: rotation, connections: 8, amount: 100, maxSeconds: 120 });
      await shortLoad(serve.base, searchPath('hybrid'));
      out.servingPeakMiB = r3(serve.memory().peakRss, 0);
      // Then indexing and searching together (the peak that matters), and the peer under the same short load.
      await searchDuringBulk({ serve, rotation, quick: o.quick, out });
      log('serve: starting the peer (native hybrid, limit 10) for its RSS under the same short load');
      const peer = await startPeer(j.dataDir, meili.url, meili.key, 10, PEER_SEMANTIC_RATIO);
      servers.push(peer);
      await shortLoad(peer.base, peerPath);
    }

    out.rss = {
      apiPeakMiB: r3(serve.memory().peakRss, 0),
      apiRssMiB: r3(serve.memory().rss, 0),
      meiliPeakMiB: serve.meiliPid ? r3(memoryMiB(serve.meiliPid).peakRss, 0) : null,
      peerPeakMiB: servers[1] ? r3(servers[1].memory().peakRss, 0) : null,
      peerRssMiB: servers[1] ? r3(servers[1].memory().rss, 0) : null,
      servingPeakMiB: out.servingPeakMiB ?? null,
      what: o.latency
        ? 'after cold start, all latency runs and the bulk index'
        : 'after cold start, a short hybrid load and hybrid searches during a bulk index',
    };
    out.latency = rows.map((r) => ({ target: r.target, concurrency: r.concurrency, ...strip(r.result) }));
    // Indexing alone, then the same bulk index and searches on a server whose indexing never pauses for them:
    // before and after in one run.
    await indexAlone({ serve, rotation, quick: o.quick, out });
    for (const s of servers.splice(0).reverse()) await s.stop();
    log('serve: again on a server with EMBED_INDEX_YIELD=0 (indexing never pauses for searches)');
    const plain = await startKensaku(j.dataDir, undefined, YIELD_OFF);
    servers.push(plain);
    const noYield = { serve: plain, rotation, quick: o.quick, out, key: 'bulkNoYield', round: 2, indexYield: '0' };
    await searchDuringBulk(noYield);
    await indexAlone(noYield);
    printColdStartAndMemory(out);
    if (o.latency) {
      printLatency(out, rows);
      printPeerTargets(rows);
    }
    printBulk(out);
    return out;
  } finally {
    for (const s of servers.reverse()) await s.stop();
  }
}

function printColdStartAndMemory(out: Record<string, unknown>) {
  const cold = out.coldStart as ColdStart[];
  const rss = out.rss as Record<string, number | string | null>;
  print(heading('kensaku serve: cold start and memory'));
  const seconds = (key: 'keywordReadyMs' | 'readyMs') =>
    `${cold.map((c) => fmt(c[key] / 1000, 2)).join(', ')} s (median ${fmt(
      percentile(
        cold.map((c) => c[key]),
        50,
      ) / 1000,
      2,
    )} s)`;
  print(
    `cold start, model and index on disk, page cache warm: keyword-ready (spawn -> first /health 200) ${seconds('keywordReadyMs')}`,
  );
  print(`  fully ready (spawn -> /health ok, embeddings available) ${seconds('readyMs')}`);
  const last = cold[cold.length - 1];
  const ev = last?.events ?? {};
  const at = (k: string) => (ev[k] !== undefined ? fmt(ev[k] / 1000, 2) : '—');
  print(
    `  last start: Meilisearch ready at ${at('meilisearch ready')} s, listening at ${at('kensaku listening (keyword search ready)')} s, model ready at ${at('embedding model ready')} s, /health ok at ${fmt((last?.readyMs ?? NaN) / 1000, 2)} s after spawn`,
  );
  print(
    `peak RSS (VmHWM) of the API process: ${fmt(rss.apiPeakMiB as number, 0)} MiB (${rss.what}); RSS idle right after its start ${fmt(last?.rssMiB, 0)} MiB; ` +
      `its Meilisearch: ${fmt(rss.meiliPeakMiB as number, 0)} MiB peak${rss.peerPeakMiB ? `; the peer: ${fmt(rss.peerPeakMiB as number, 0)} MiB peak` : ''}`,
  );
  print(
    table([
      ['process', 'idle after start (MiB)', 'peak serving (MiB)', 'peak serving + bulk index (MiB)'],
      ['kensaku serve', fmt(last?.rssMiB, 0), fmt(rss.servingPeakMiB as number, 0), fmt(rss.apiPeakMiB as number, 0)],
      ['peer', '—', fmt(rss.peerPeakMiB as number, 0), '—'],
    ]),
  );
}
