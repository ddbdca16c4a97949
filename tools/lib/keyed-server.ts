import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jsquadDocs, openJsquadCore, timedIndex } from './jsquad-index.ts';
import { log } from './log.ts';
import { startKensaku, type ChildServer } from './servers.ts';

export const BENCH_ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
export const BENCH_SEARCH_KEY = 'bench-search-key-0123456789abcdef';

export interface KeyedServer {
  server: ChildServer;
  /** A scoped key with a filter (ANDed as Meilisearch's filter array) and a rate limit high enough never to refuse. */
  scopedKey: string;
  stop(): Promise<void>;
}

/**
 * `kensaku serve` over the JSQuAD paragraphs in a temp dir, with an admin key, a search key and one scoped key: what
 * the sections comparing callers (keys, suggest) run against. Keys on, with no per-key limit to bend the load.
 */
export async function startKeyedJsquadServer(name: string, docsLimit: number | undefined): Promise<KeyedServer> {
  const dir = mkdtempSync(path.join(tmpdir(), `kensaku-bench-${name}-`));
  let server: ChildServer | undefined;
  const stop = async () => {
    await server?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const core = await openJsquadCore(dir);
    const docs = jsquadDocs(docsLimit);
    log(`${name}: indexing ${docs.length} paragraphs`);
    await timedIndex(core, docs);
    await core.close();
    server = await startKensaku(dir, 180_000, {
      ADMIN_KEY: BENCH_ADMIN_KEY,
      SEARCH_KEY: BENCH_SEARCH_KEY,
      RATE_LIMIT_PER_MINUTE: '0',
    });
    const minted = await fetch(`${server.base}/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BENCH_ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ description: 'bench', filter: 'hasVector = true', rateLimitPerMinute: 100_000 }),
    });
    if (minted.status !== 201) throw new Error(`POST /keys: ${minted.status} ${await minted.text()}`);
    return { server, scopedKey: ((await minted.json()) as { key: string }).key, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
