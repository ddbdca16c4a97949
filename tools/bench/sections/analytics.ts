// analytics: what search analytics cost a search, side by side: two `kensaku serve` processes on one Meilisearch and
// index, one with ANALYTICS=on (default flush, every search counted and written with its process's records) and one
// with ANALYTICS=off; hybrid p50/p95 for the same JSQuAD questions at c=1 and c=8, in interleaved quarters. Issue
// 29's target: p95 on ÷ off ≤ 1.05.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Meilisearch } from 'meilisearch';
import { fmt, fmtRatio, heading, round as r3, table } from '../../lib/format.ts';
import { jsquadDocs, openJsquadCore, timedIndex } from '../../lib/jsquad-index.ts';
import { loadQueries } from '../../lib/jsquad.ts';
import { interleavedLoad, runLoad, type LoadResult } from '../../lib/load.ts';
import { log, print } from '../../lib/log.ts';
import { searchPath, startKensaku, type ChildServer } from '../../lib/servers.ts';
import { FOLD_RULES } from '../../../domain/fold-rules.ts';
import { loggedQuery } from '../../../search/logged-query.ts';
import { createAnalytics } from '../../../service/analytics.ts';
import { createLogger } from '../../../service/logger.ts';
import { createFold } from '../../../text/fold/fold.ts';

type Arm = 'off' | 'on';
const ARMS: Arm[] = ['off', 'on'];

/**
 * What counting adds to one search in its process, writes aside: the query normalised as the route does, counted and
 * signed, over the JSQuAD questions (all distinct groups at first, then repeats); µs per search.
 */
export function countingCost(searches = 20_000): number {
  const fold = createFold([...FOLD_RULES]);
  const nowhere = { put: async () => {}, read: async () => [], deleteBefore: async () => {} };
  const analytics = createAnalytics({
    enabled: true,
    flushMs: 3_600_000,
    retentionDays: 90,
    store: nowhere as never,
    secret: 'bench',
    logger: createLogger('silent'),
  });
  const questions = loadQueries();
  const started = performance.now();
  for (let i = 0; i < searches; i++) {
    const query = loggedQuery(questions[i % questions.length], fold);
    analytics.searched({
      query,
      mode: 'hybrid',
      key: 'search-key',
      origin: 'https://a.example',
      hits: 10,
      latencyMs: 30,
    });
  }
  return ((performance.now() - started) / searches) * 1000;
}

export async function analyticsSection(quick: boolean, docsLimit: number | undefined) {
  const inProcessUs = countingCost();
  const dir = mkdtempSync(path.join(tmpdir(), 'kensaku-bench-analytics-'));
  const servers: ChildServer[] = [];
  try {
    const core = await openJsquadCore(dir);
    const { indexName } = core.settings.store;
    const docs = jsquadDocs(docsLimit);
    log(`analytics: indexing ${docs.length} paragraphs`);
    await timedIndex(core, docs);
    await core.close();
    // `on` owns the data folder's Meilisearch; `off` joins it by URL, with a data folder of its own.
    const on = await startKensaku(dir, 180_000, { ANALYTICS: 'on' });
    servers.push(on);
    const off = await startKensaku(path.join(dir, 'off'), 180_000, {
      ANALYTICS: 'off',
      MEILI_URL: on.meiliUrl!,
      MEILI_MASTER_KEY: on.meiliKey!,
      INDEX_NAME: indexName,
    });
    servers.push(off);
    const base: Record<Arm, string> = { on: on.base, off: off.base };
    const amounts: Record<number, number> = quick ? { 1: 80, 8: 160 } : { 1: 240, 8: 480 };
    const rows: { arm: Arm; c: number; result: LoadResult }[] = [];
    for (const c of [1, 8]) {
      const pooled = await interleavedLoad(ARMS, loadQueries(), async (arm, queries) => {
        const r = await runLoad({
          base: base[arm],
          path: searchPath('hybrid'),
          queries,
          connections: c,
          amount: amounts[c] / 4,
          maxSeconds: 120,
        });
        if (r.non2xx) throw new Error(`analytics: ${r.non2xx} non-2xx answers with ANALYTICS=${arm}`);
        return r;
      });
      for (const arm of ARMS) rows.push({ arm, c, result: pooled[arm] });
    }
    print(heading('analytics: ANALYTICS=on against off, two servers on one index, interleaved'));
    const t = [['c', 'p50 off', 'p50 on', 'p95 off', 'p95 on', 'p95 on ÷ off']];
    for (const c of [1, 8]) {
      const a = rows.find((r) => r.arm === 'off' && r.c === c)!.result;
      const b = rows.find((r) => r.arm === 'on' && r.c === c)!.result;
      t.push([String(c), fmt(a.p50), fmt(b.p50), fmt(a.p95), fmt(b.p95), fmtRatio(b.p95 / a.p95)]);
    }
    print(table(t, (col) => col > 0));
    // What `on` counted: a view flushes its process first (a keyless loopback server: open to the bench).
    const since = new Date(Date.now() - 86_400_000).toISOString();
    const clicks = await fetch(`${on.base}/analytics/clicks?from=${since}`);
    if (clicks.status !== 200) throw new Error(`GET /analytics/clicks: ${clicks.status} ${await clicks.text()}`);
    const counted = ((await clicks.json()) as { searches: number }).searches;
    const meili = new Meilisearch({ host: on.meiliUrl!, apiKey: on.meiliKey });
    const records = (await meili.index(`${indexName}_analytics`).getDocuments({ limit: 10_000 })).results.length;
    const searched = rows.filter((r) => r.arm === 'on').reduce((n, r) => n + r.result.ok, 0);
    print(`ANALYTICS=on counted ${counted} searches (${searched} measured), in ${records} records`);
    print(`counting and signing in process: ${inProcessUs.toFixed(1)} µs per search`);
    return {
      latency: rows.map((r) => ({
        arm: r.arm,
        concurrency: r.c,
        p50: r3(r.result.p50),
        p95: r3(r.result.p95),
        n: r.result.ok,
      })),
      counted,
      searched,
      records,
      inProcessUs: r3(inProcessUs),
    };
  } finally {
    // `off` first: it uses `on`'s Meilisearch.
    for (const s of servers.reverse()) await s.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
