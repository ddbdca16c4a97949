// Hybrid search at c=1 while POST /documents bulk-indexes new paragraphs, against idle before and after.
import { fmt, fmtRatio, heading, round as r3, table } from '../../lib/format.ts';
import { pool, runLoad, strip, summarise, type LoadResult, type QueryRotation } from '../../lib/load.ts';
import { log, print } from '../../lib/log.ts';
import { bulkDocuments } from '../../lib/scale-corpus.ts';
import { searchPath, type ChildServer } from '../../lib/servers.ts';

async function waitTask(base: string, id: string, maxSeconds: number): Promise<Record<string, unknown>> {
  const deadline = Date.now() + maxSeconds * 1000;
  for (;;) {
    const task = (await (await fetch(`${base}/tasks/${id}`)).json()) as Record<string, unknown>;
    if (task.status === 'succeeded' || task.status === 'failed') return task;
    if (Date.now() > deadline)
      throw new Error(`task ${id} not finished within ${maxSeconds} s: ${JSON.stringify(task).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface BulkOptions {
  serve: ChildServer;
  rotation: QueryRotation;
  quick: boolean;
  /** The serve section's JSON; gets `bulk`, or `bulkError` when this part fails (the section goes on). */
  out: Record<string, unknown>;
}

export async function searchDuringBulk(o: BulkOptions): Promise<void> {
  await measureBulk(o).catch((e) => {
    log(`bulk-index part failed: ${(e as Error).message}`);
    o.out.bulkError = (e as Error).message;
  });
}

async function measureBulk({ serve, rotation, quick, out }: BulkOptions) {
  const bulkCount = quick ? 300 : 500;
  const idleAmount = quick ? 100 : 150;
  const hybridLoad = (amount: number, maxSeconds: number, stopWhen?: () => Promise<boolean>) =>
    runLoad({
      base: serve.base,
      path: searchPath('hybrid'),
      queries: rotation,
      connections: 1,
      amount,
      maxSeconds,
      stopWhen,
    });
  log(
    `serve: hybrid c=1 idle, then during a bulk index of ${bulkCount} new paragraphs (POST /documents), then idle again`,
  );
  const idleBefore = await hybridLoad(idleAmount, 120);
  const bulk = bulkDocuments(bulkCount);
  const post = await fetch(`${serve.base}/documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ documents: bulk }),
  });
  if (post.status !== 202) throw new Error(`POST /documents: ${post.status} ${await post.text()}`);
  const { taskId } = (await post.json()) as { taskId: string };
  const postedAt = Date.now();
  let finished: Record<string, unknown> | undefined;
  const isDone = async () => {
    const task = (await (await fetch(`${serve.base}/tasks/${taskId}`)).json()) as Record<string, unknown>;
    if (task.status === 'succeeded' || task.status === 'failed') finished = task;
    return finished !== undefined;
  };
  const during = await hybridLoad(5000, 600, isDone);
  const task = finished ?? (await waitTask(serve.base, taskId, 900));
  const finishedAt = Date.parse(String(task.finishedAt ?? new Date().toISOString()));
  // Only responses completed while the task was running count as "during".
  const inside = during.samples.filter(([t]) => t <= finishedAt);
  const duringRes = summarise(inside, {
    connections: 1,
    non2xx: during.non2xx,
    errors: during.errors,
    timeouts: during.timeouts,
    seconds: r3((finishedAt - postedAt) / 1000, 2),
    rps: r3(inside.length / ((finishedAt - postedAt) / 1000), 1),
  });
  duringRes.server = during.server;
  const idleAfter = await hybridLoad(idleAmount, 120);
  const idle = pool([idleBefore, idleAfter]);
  const counts = task.counts as Record<string, number>;
  out.bulk = {
    documents: bulkCount,
    taskStatus: task.status,
    counts,
    taskSeconds: r3((finishedAt - postedAt) / 1000, 2),
    indexRate: r3((counts?.chunks ?? 0) / ((finishedAt - postedAt) / 1000), 2),
    idle: strip(idle),
    during: strip(duringRes),
    ratioP50: r3(duringRes.p50 / idle.p50, 2),
    ratioP95: r3(duringRes.p95 / idle.p95, 2),
  };
}

export function printBulk(out: Record<string, unknown>) {
  const b = out.bulk as (Record<string, unknown> & { idle: LoadResult; during: LoadResult }) | undefined;
  if (!b) return;
  print(heading('search during a bulk index vs idle (hybrid, c=1)'));
  print(
    table([
      ['state', 'n', 'p50', 'p95', 'p99', 'server embed p50', 'server meili p50'],
      [
        'idle (before + after)',
        String(b.idle.ok),
        fmt(b.idle.p50),
        fmt(b.idle.p95),
        fmt(b.idle.p99),
        fmt(b.idle.server?.embedding),
        fmt(b.idle.server?.meilisearch),
      ],
      [
        `during POST /documents of ${b.documents} paragraphs`,
        String(b.during.ok),
        fmt(b.during.p50),
        fmt(b.during.p95),
        fmt(b.during.p99),
        fmt(b.during.server?.embedding),
        fmt(b.during.server?.meilisearch),
      ],
    ]),
  );
  print(
    `bulk task: ${b.taskStatus}, ${JSON.stringify(b.counts)}, ${fmt(b.taskSeconds as number)} s = ${fmt(b.indexRate as number)} chunks/s while serving queries`,
  );
  print(
    `target: search during bulk index ≤ 2× idle: p95 ${fmtRatio(b.ratioP95 as number)}, p50 ${fmtRatio(b.ratioP50 as number)} -> ${(b.ratioP95 as number) <= 2 ? 'MET' : 'NOT MET'}`,
  );
}
