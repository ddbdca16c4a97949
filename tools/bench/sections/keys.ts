// keys: what a scoped key costs a search, against the SEARCH_KEY, side by side on one `kensaku serve`: hybrid p50/p95
// for the same JSQuAD questions at c=1 and c=8. The scoped key has a filter (ANDed as Meilisearch's filter array)
// and a rate limit high enough never to refuse.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fmt, fmtRatio, heading, round as r3, table } from '../../lib/format.ts';
import { jsquadDocs, openJsquadCore, timedIndex } from '../../lib/jsquad-index.ts';
import { loadQueries } from '../../lib/jsquad.ts';
import { interleavedLoad, runLoad, type LoadResult } from '../../lib/load.ts';
import { log, print } from '../../lib/log.ts';
import { searchPath, startKensaku, type ChildServer } from '../../lib/servers.ts';

const ADMIN = 'bench-admin-key-0123456789abcdef';
const SEARCH = 'bench-search-key-0123456789abcdef';
type Arm = 'search-key' | 'scoped';
const ARMS: Arm[] = ['search-key', 'scoped'];

export async function keysSection(quick: boolean, docsLimit: number | undefined) {
  const dir = mkdtempSync(path.join(tmpdir(), 'kensaku-bench-keys-'));
  let server: ChildServer | undefined;
  try {
    const core = await openJsquadCore(dir);
    const docs = jsquadDocs(docsLimit);
    log(`keys: indexing ${docs.length} paragraphs`);
    await timedIndex(core, docs);
    await core.close();
    server = await startKensaku(dir, 180_000, { ADMIN_KEY: ADMIN, SEARCH_KEY: SEARCH, RATE_LIMIT_PER_MINUTE: '0' });
    const minted = await fetch(`${server.base}/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ description: 'bench', filter: 'hasVector = true', rateLimitPerMinute: 100_000 }),
    });
    if (minted.status !== 201) throw new Error(`POST /keys: ${minted.status} ${await minted.text()}`);
    const scoped = ((await minted.json()) as { key: string }).key;
    const auth: Record<Arm, string> = { 'search-key': SEARCH, scoped };
    const amounts: Record<number, number> = quick ? { 1: 80, 8: 160 } : { 1: 240, 8: 480 };
    const rows: { arm: Arm; c: number; result: LoadResult }[] = [];
    for (const c of [1, 8]) {
      const pooled = await interleavedLoad(ARMS, loadQueries(), async (arm, queries) => {
        const r = await runLoad({
          base: server!.base,
          path: searchPath('hybrid'),
          queries,
          connections: c,
          amount: amounts[c] / 4,
          maxSeconds: 120,
          headers: { authorization: `Bearer ${auth[arm]}` },
        });
        if (r.non2xx) throw new Error(`keys: ${r.non2xx} non-2xx answers for ${arm}`);
        return r;
      });
      for (const arm of ARMS) rows.push({ arm, c, result: pooled[arm] });
    }
    print(heading('keys: a scoped key (filter + rate limit) against SEARCH_KEY, one server, side by side'));
    const t = [['c', 'p50 search key', 'p50 scoped', 'p95 search key', 'p95 scoped', 'p95 scoped ÷ search key']];
    for (const c of [1, 8]) {
      const a = rows.find((r) => r.arm === 'search-key' && r.c === c)!.result;
      const b = rows.find((r) => r.arm === 'scoped' && r.c === c)!.result;
      t.push([String(c), fmt(a.p50), fmt(b.p50), fmt(a.p95), fmt(b.p95), fmtRatio(b.p95 / a.p95)]);
    }
    print(table(t, (col) => col > 0));
    return {
      latency: rows.map((r) => ({
        arm: r.arm,
        concurrency: r.c,
        p50: r3(r.result.p50),
        p95: r3(r.result.p95),
        n: r.result.ok,
      })),
    };
  } finally {
    await server?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
