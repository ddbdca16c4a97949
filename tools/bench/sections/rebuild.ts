// rebuild: `POST /rebuild` of the JSQuAD index after READINGS off → on, FOLD none → all and CHUNK_MAX_CHARS 400 → 200
// (readings for every chunk, and the model for each chunk the new cut makes; the task's time), and
// hybrid search p50/p95 at c=1 while it runs against idle before and after, on one `kensaku serve`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fmt, fmtRatio, heading, round as r3, table } from '../../lib/format.ts';
import { jsquadDocs, openJsquadCore, timedIndex } from '../../lib/jsquad-index.ts';
import { loadQueries } from '../../lib/jsquad.ts';
import { pool, QueryRotation, runLoad, strip, whileRunning } from '../../lib/load.ts';
import { log, print } from '../../lib/log.ts';
import { searchPath, startKensaku, type ChildServer } from '../../lib/servers.ts';

type Task = { status: string; startedAt?: string; finishedAt?: string; counts: Record<string, number> };

export async function rebuildSection(quick: boolean, docsLimit: number | undefined) {
  const dir = mkdtempSync(path.join(tmpdir(), 'kensaku-bench-rebuild-'));
  let server: ChildServer | undefined;
  try {
    const before = { READINGS: 'off', FOLD: 'none', CHUNK_MAX_CHARS: '400' };
    const core = await openJsquadCore(dir, before);
    const docs = jsquadDocs(docsLimit);
    log(`rebuild: indexing ${docs.length} paragraphs with READINGS=off FOLD=none`);
    const first = await timedIndex(core, docs);
    await core.close();
    server = await startKensaku(dir, 180_000, { READINGS: 'on', FOLD: 'all', CHUNK_MAX_CHARS: '200' });
    const base = server.base;
    const rotation = new QueryRotation(loadQueries());
    const load = (amount: number, maxSeconds: number, stopWhen?: () => Promise<boolean>) =>
      runLoad({ base, path: searchPath('hybrid'), queries: rotation, connections: 1, amount, maxSeconds, stopWhen });
    const idleAmount = quick ? 100 : 150;
    const idleBefore = await load(idleAmount, 120);
    const post = await fetch(`${base}/rebuild`, { method: 'POST' });
    if (post.status !== 202) throw new Error(`POST /rebuild: ${post.status} ${await post.text()}`);
    const { taskId } = (await post.json()) as { taskId: string };
    const postedAt = Date.now();
    let task: Task | undefined;
    const isDone = async () => {
      const t = (await (await fetch(`${base}/tasks/${taskId}`)).json()) as Task;
      if (t.status === 'succeeded' || t.status === 'failed') task = t;
      return task !== undefined;
    };
    const during = await load(100_000, 1800, isDone);
    while (!task && !(await isDone())) await new Promise((r) => setTimeout(r, 250));
    const done = task!;
    if (done.status !== 'succeeded') throw new Error(`rebuild ${done.status}: ${JSON.stringify(done)}`);
    const finishedAt = Date.parse(done.finishedAt!);
    const seconds = (finishedAt - Date.parse(done.startedAt!)) / 1000;
    const duringRes = whileRunning(during, postedAt, finishedAt);
    const idle = pool([idleBefore, await load(idleAmount, 120)]);
    print(
      heading(
        'rebuild: POST /rebuild of JSQuAD (READINGS off → on, FOLD none → all, 400 → 200 chars), hybrid c=1 meanwhile',
      ),
    );
    print(
      table([
        ['state', 'n', 'non-2xx', 'p50', 'p95', 'p99'],
        ['idle (before + after)', String(idle.ok), String(idle.non2xx), fmt(idle.p50), fmt(idle.p95), fmt(idle.p99)],
        [
          'during the rebuild',
          String(duringRes.ok),
          String(during.non2xx),
          fmt(duringRes.p50),
          fmt(duringRes.p95),
          fmt(duringRes.p99),
        ],
      ]),
    );
    print(
      `rebuild: ${done.counts.documents} documents, ${first.summary.chunksWritten} → ${done.counts.chunks} chunks in ${fmt(seconds)} s ` +
        `(first index with the model: ${fmt(first.seconds)} s); p95 during ÷ idle ${fmtRatio(duringRes.p95 / idle.p95)}`,
    );
    return {
      documents: done.counts.documents,
      chunksBefore: first.summary.chunksWritten,
      chunks: done.counts.chunks,
      rebuildSeconds: r3(seconds, 2),
      firstIndexSeconds: r3(first.seconds, 2),
      idle: strip(idle),
      during: strip(duringRes),
      ratioP50: r3(duringRes.p50 / idle.p50, 2),
      ratioP95: r3(duringRes.p95 / idle.p95, 2),
    };
  } finally {
    await server?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
