// analytics: what search analytics cost a search, side by side: two `kensaku serve` processes on one Meilisearch and
// index, one with ANALYTICS=on (default flush, every search counted and written with its process's records) and one
// with ANALYTICS=off; hybrid p50/p95 for the same JSQuAD questions at c=1 and c=8, in interleaved quarters. Issue
// 29's target: p95 on ÷ off ≤ 1.05.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Meilisearch } from 'meilisearch';
import { heading, round as r3 } from '../../lib/format.ts';
import { jsquadDocs, openJsquadCore, timedIndex } from '../../lib/jsquad-index.ts';
import { loadQueries } from '../../lib/jsquad.ts';
import { log, print } from '../../lib/log.ts';
import { startKensaku, type ChildServer } from '../../lib/servers.ts';
import { twoArmLatency } from '../../lib/two-arms.ts';
import { FOLD_RULES } from '../../../domain/fold-rules.ts';
import { loggedQuery } from '../../../search/logged-query.ts';
import { createAnalytics } from '../../../service/analytics.ts';
import { createLogger } from '../../../service/logger.ts';
import { createFold } from '../../../text/fold/fold.ts';

type Arm = 'off' | 'on';
const ARMS = ['off', 'on'] as const;

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
    const measured = await twoArmLatency({
      arms: ARMS,
      labels: { off: 'off', on: 'on' },
      quick,
      name: 'analytics',
      target: (arm) => ({ base: base[arm] }),
    });
    const rows = measured.rows;
    print(heading('analytics: ANALYTICS=on against off, two servers on one index, interleaved'));
    print(measured.table);
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
      latency: measured.latency,
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
