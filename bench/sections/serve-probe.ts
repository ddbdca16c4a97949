// What Meilisearch itself spends per request shape, on kensaku's Meilisearch with the same queries: separates
// Meilisearch's cost from the API's in the latency table.
import { fmt, fmtRatio, heading, table } from '../lib/format.ts';
import type { QueryRotation } from '../lib/load.ts';
import { log, print } from '../lib/log.ts';
import { probeMeiliShapes, type ProbeRow } from '../lib/meili-probe.ts';

export async function probeShapes({ meili, rotation, quick, out }: { meili: { url: string; key: string }; rotation: QueryRotation; quick: boolean; out: Record<string, unknown> }) {
  log('probe: Meilisearch request shapes (same queries, precomputed vectors, sequential)');
  // A failed probe is recorded, not fatal: the bulk part still runs.
  out.meiliProbe = await probeMeiliShapes({
    url: meili.url,
    apiKey: meili.key,
    indexName: 'chunks',
    embedderName: 'multilingual-e5-small',
    queries: rotation,
    count: quick ? 40 : 80,
    window: 50,
    log,
  }).catch((e) => {
    log(`probe failed: ${(e as Error).message}`);
    out.meiliProbeError = (e as Error).message;
    return undefined;
  });
}

export function printProbe(out: Record<string, unknown>) {
  const probe = out.meiliProbe as ProbeRow[] | undefined;
  if (!probe?.length) return;
  const peer = probe.find((p) => p.shape === 'native-hybrid-10');
  print(heading('Meilisearch cost per request shape (bench -> kensaku\'s Meilisearch, sequential, same queries), ms'));
  print(
    table(
      [
        ['shape', 'n', 'wall p50', 'wall p95', 'Meili p50', 'Meili p95', 'wall p50 ÷ native-10', 'what'],
        ...probe.map((p) => [p.shape, String(p.n), fmt(p.wallP50), fmt(p.wallP95), fmt(p.meiliP50), fmt(p.meiliP95), peer ? fmtRatio(p.wallP50 / peer.wallP50) : '—', p.what]),
      ],
      (c) => c > 0 && c < 7,
    ),
  );
  print('Meili = processingTimeMs Meilisearch reports (summed over the multi-search queries); wall = HTTP round trip from this process.');
}
