// Query latency over HTTP: kensaku's three modes against the peer (query embedding + Meilisearch native hybrid) on
// the same Meilisearch, at c=1/8/32, every request a distinct JSQuAD question.
import { fmt, fmtRatio, heading, loadCells, round as r3, table } from '../../lib/format.ts';
import { log, print } from '../../lib/log.ts';
import { pool, runLoad, type LoadResult, type QueryRotation } from '../../lib/load.ts';
import { peerPath, searchPath, startPeer, type ChildServer } from '../../lib/servers.ts';
import { PEER_SEMANTIC_RATIO } from '../../lib/peer-app.ts';

/** The uniform, cache-off targets against the peer: p95 at every concurrency, throughput on saturated cores. */
export const PEER_TARGETS = { p95: 0.9, reqPerSecond: 1.15, reqPerSecondAt: 8 } as const;

export interface LatencyRow {
  target: string;
  concurrency: number;
  result: LoadResult;
}

export interface LatencyOptions {
  serve: ChildServer;
  meili: { url: string; key: string };
  dataDir: string;
  rotation: QueryRotation;
  quick: boolean;
  /** The serve section's JSON; gets the peer's start time and the query counts. */
  out: Record<string, unknown>;
  /** The peer is pushed here as it starts, so the caller stops it whatever fails later. */
  servers: ChildServer[];
}

export async function measureLatency({
  serve,
  meili,
  dataDir,
  rotation,
  quick,
  out,
  servers,
}: LatencyOptions): Promise<LatencyRow[]> {
  log('serve: starting the peer (native hybrid, limit 10)');
  const peer = await startPeer(dataDir, meili.url, meili.key, 10, PEER_SEMANTIC_RATIO);
  servers.push(peer);
  out.peerStartMs = r3(peer.readyMs, 0);
  const targets = [
    { name: 'keyword', base: serve.base, path: searchPath('keyword') },
    { name: 'semantic', base: serve.base, path: searchPath('semantic') },
    { name: 'hybrid', base: serve.base, path: searchPath('hybrid') },
    { name: 'peer', base: peer.base, path: peerPath },
  ];
  log('serve: warm-up (30 requests per target, distinct queries)');
  for (const t of targets)
    await runLoad({ base: t.base, path: t.path, queries: rotation, connections: 1, amount: 30, maxSeconds: 60 });
  const amounts: Record<number, number> = quick ? { 1: 120, 8: 200, 32: 320 } : { 1: 400, 8: 800, 32: 480 };
  const rows: LatencyRow[] = [];
  for (const c of [1, 8, 32]) {
    const parts: Record<string, LoadResult[]> = {};
    // A B C D, D C B A, twice: each target's four quarters straddle the others, so drift and the machine's
    // passing hiccups (other jobs share its 2 cores) hit all targets alike.
    const forward = targets;
    const backward = [...targets].reverse();
    for (const order of [forward, backward, forward, backward]) {
      for (const t of order) {
        const r = await runLoad({
          base: t.base,
          path: t.path,
          queries: rotation,
          connections: c,
          amount: amounts[c] / 4,
          maxSeconds: 150,
        });
        (parts[t.name] ??= []).push(r);
        log(`  c=${c} ${t.name.padEnd(12)} n=${r.ok} p50 ${fmt(r.p50)} p95 ${fmt(r.p95)} ms (${fmt(r.rps)} req/s)`);
      }
    }
    for (const t of targets)
      if (parts[t.name]) rows.push({ target: t.name, concurrency: c, result: pool(parts[t.name]) });
  }
  out.queriesUsed = rotation.used;
  out.queriesNeverRepeated = rotation.neverRepeated;
  return rows;
}

const peerOf = (rows: LatencyRow[], c: number) => rows.find((r) => r.target === 'peer' && r.concurrency === c)?.result;

export function printLatency(out: Record<string, unknown>, rows: LatencyRow[]) {
  print(heading('query latency over HTTP (autocannon, loopback), ms'));
  const t = [
    ['target', 'c', 'n', 'p50', 'p95', 'p99', 'req/s', 'server embed p50', 'server meili p50', 'p95 ÷ peer p95'],
  ];
  for (const r of rows) {
    const peer = peerOf(rows, r.concurrency);
    t.push([
      ...loadCells(r.target, r.concurrency, r.result),
      fmt(r.result.server?.embedding),
      fmt(r.result.server?.meilisearch),
      peer ? fmtRatio(r.result.p95 / peer.p95) : '—',
    ]);
  }
  print(table(t, (c) => c > 0));
  // The servers run with EMBED_QUERY_CACHE=0, so a repeat after the rotation wraps embeds again; a fast embedding
  // would mean a cache answered after all.
  const hits = rows
    .filter((r) => r.target !== 'keyword' && r.result.suspectedLruHits)
    .map((r) => `${r.target} c=${r.concurrency}: ${r.result.suspectedLruHits}`);
  print(
    `queries: ${out.queriesUsed} requests drew from ${out.queriesDistinct} distinct JSQuAD questions in a fixed shuffled order` +
      `${out.queriesNeverRepeated ? ', no query sent twice' : ' (the rotation wrapped)'}; servers run with EMBED_QUERY_CACHE=0: ` +
      (hits.length
        ? `yet some requests look like cache hits (server embedding < 0.5 ms): ${hits.join(', ')}`
        : 'every semantic/hybrid request embedded its query (none had server embedding < 0.5 ms)'),
  );
  print(
    'peer = query embedding (same model, createEmbedder) + Meilisearch native hybrid (semanticRatio 0.7), limit 10.',
  );
}

/** Hybrid ÷ peer at one concurrency: p95 (a target at every one) and req/s (a target at PEER_TARGETS.reqPerSecondAt). */
export function peerRatios(c: number, h: { p95: number; rps: number }, p: { p95: number; rps: number }) {
  const p95 = h.p95 / p.p95;
  const rps = h.rps / p.rps;
  return [
    {
      name: `hybrid p95 ÷ peer p95, c=${c}`,
      value: p95,
      target: `≤ ${PEER_TARGETS.p95}`,
      met: p95 <= PEER_TARGETS.p95,
    },
    {
      name: `hybrid req/s ÷ peer req/s, c=${c}`,
      value: rps,
      ...(c === PEER_TARGETS.reqPerSecondAt
        ? { target: `≥ ${PEER_TARGETS.reqPerSecond}`, met: rps >= PEER_TARGETS.reqPerSecond }
        : {}),
    },
  ];
}

/** Printed last in the serve section, after the bulk table. */
export function printPeerTargets(rows: LatencyRow[]) {
  for (const c of [1, 8, 32]) {
    const h = rows.find((r) => r.target === 'hybrid' && r.concurrency === c)?.result;
    const p = peerOf(rows, c);
    if (!h || !p) continue;
    for (const r of peerRatios(c, h, p))
      if (r.target) print(`target: ${r.name} ${r.target}: ${fmtRatio(r.value)} -> ${r.met ? 'MET' : 'NOT MET'}`);
  }
}
