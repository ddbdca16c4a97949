// cpu: what one search costs in CPU apart from the model, ours against the peer's work, on the shared JSQuAD core.
// Under load both saturate the two cores, so this per-search cost is what sets the c=32 throughput and weighs on c=8.
import { buildApp } from '../../../server/build-app.ts';
import { fmt, heading, round as r3, table } from '../../lib/format.ts';
import { indexJsquadFresh, openJsquadCore, type BenchState } from '../../lib/jsquad-index.ts';
import { loadQueries } from '../../lib/jsquad.ts';
import { log, print } from '../../lib/log.ts';
import { PEER_SEMANTIC_RATIO, createPeerApp } from '../../lib/peer-app.ts';
import { cpuSeconds, findMeiliPid } from '../../lib/proc.ts';

type Search = (q: string) => Promise<unknown>;

export async function searchCpuSection(quick: boolean, docsLimit: number | undefined, state: BenchState) {
  state.jsquad ??= await indexJsquadFresh(docsLimit);
  state.jsquad.core ??= await openJsquadCore(state.jsquad.dataDir);
  const core = state.jsquad.core;
  const meiliPid = findMeiliPid(process.pid, state.jsquad.dataDir);
  if (!meiliPid || !core.embedder) throw new Error('cpu: needs the JSQuAD core with its own Meilisearch and the model');
  const queries = loadQueries().slice(0, quick ? 60 : 250);
  log(`cpu: embedding ${queries.length} queries into the query LRU (the model is left out of what follows)`);
  for (const q of queries) await core.embedder.embedQuery(q);
  const { app } = buildApp(core, { defaultMetrics: false });
  const peer = createPeerApp({
    embedder: core.embedder,
    store: core.store,
    locale: core.settings.store.locale,
    window: 10,
    semanticRatio: PEER_SEMANTIC_RATIO,
  });
  // Both through their Hono app, as served: routing, validation and JSON included.
  const text = async (a: { request: (path: string) => Response | Promise<Response> }, path: string) =>
    (await a.request(path)).text();
  const searches: Record<string, Search> = {
    'hybrid (ours): legs, fusion, rerank, snippets, explain': (q) =>
      text(app, `/search?q=${encodeURIComponent(q)}&mode=hybrid`),
    'peer: native hybrid, limit 10 (tools/lib/peer-app.ts)': (q) => text(peer, `/search?q=${encodeURIComponent(q)}`),
  };
  // Interleaved rounds; the first is warm-up. Garbage one search leaves may be collected during the other's turn.
  const totals = new Map<string, { node: number; meili: number; wall: number; n: number }>();
  const rounds = quick ? 3 : 5;
  for (let round = 0; round < rounds; round++) {
    for (const [name, search] of Object.entries(searches)) {
      const c0 = process.cpuUsage();
      const m0 = cpuSeconds(meiliPid);
      const t0 = performance.now();
      for (const q of queries) await search(q);
      const c = process.cpuUsage(c0);
      if (round === 0) continue;
      const t = totals.get(name) ?? { node: 0, meili: 0, wall: 0, n: 0 };
      t.node += (c.user + c.system) / 1000;
      t.meili += (cpuSeconds(meiliPid) - m0) * 1000;
      t.wall += performance.now() - t0;
      t.n += queries.length;
      totals.set(name, t);
    }
  }
  const rows = [...totals].map(([name, t]) => ({
    name,
    nodeMs: r3(t.node / t.n, 2),
    meiliMs: r3(t.meili / t.n, 2),
    wallMs: r3(t.wall / t.n, 2),
  }));
  print(heading('CPU per search without the model (in process, sequential, query vectors cached), ms'));
  print(
    table([
      ['search', 'Node CPU', 'Meilisearch CPU', 'wall'],
      ...rows.map((r) => [r.name, fmt(r.nodeMs, 2), fmt(r.meiliMs, 2), fmt(r.wallMs, 2)]),
    ]),
  );
  print(
    `${queries.length} distinct JSQuAD questions × ${rounds - 1} rounds each (after one warm-up round), interleaved.`,
  );
  return { queries: queries.length, rounds: rounds - 1, rows };
}
