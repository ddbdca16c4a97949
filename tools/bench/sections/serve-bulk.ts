// Hybrid search at c=1 while POST /documents bulk-indexes new paragraphs, against idle before and after.
import { fmt, fmtRatio, heading, round as r3, table } from '../../lib/format.ts';
import { pool, runLoad, strip, whileRunning, type LoadResult, type QueryRotation } from '../../lib/load.ts';
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
  /** Where in `out` (default 'bulk'); the documents' ids start with it, and `round` makes their texts new. */
  key?: string;
  round?: number;
  /** The server's EMBED_INDEX_YIELD; default: this process's (the server inherits its environment), else unset. */
  indexYield?: string;
}

/** The server's setting for the pause indexing takes while searches arrive (EMBED_INDEX_YIELD). */
export const YIELD_OFF = { EMBED_INDEX_YIELD: '0' };

export async function searchDuringBulk(o: BulkOptions): Promise<void> {
  const key = o.key ?? 'bulk';
  await measureBulk({ ...o, key }).catch((e) => {
    log(`bulk-index part failed: ${(e as Error).message}`);
    o.out[`${key}Error`] = (e as Error).message;
  });
}

/**
 * Another bulk index of as many new paragraphs, with no searches: indexing's own pace on this server, into
 * `out[key].alone`. Run after the server's peak RSS is read, which it would otherwise raise.
 */
export async function indexAlone({ serve, out, key = 'bulk', round = 1 }: BulkOptions): Promise<void> {
  const arm = out[key] as Record<string, unknown> | undefined;
  if (!arm) return;
  const count = arm.documents as number;
  log(`serve (${key}): a bulk index of ${count} other new paragraphs, with no searches`);
  try {
    arm.alone = await bulkAlone(serve.base, bulkDocuments(count, `${key}-alone`, round + 100));
  } catch (e) {
    log(`bulk index with no searches failed: ${(e as Error).message}`);
    out[`${key}Error`] = (e as Error).message;
  }
}

async function bulkAlone(base: string, documents: unknown[]) {
  // The server counts a search within the last second as searches arriving: let the previous load's go by.
  await new Promise((r) => setTimeout(r, 2000));
  const post = await fetch(`${base}/documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ documents }),
  });
  if (post.status !== 202) throw new Error(`POST /documents: ${post.status} ${await post.text()}`);
  const { taskId } = (await post.json()) as { taskId: string };
  const postedAt = Date.now();
  const task = await waitTask(base, taskId, 900);
  const seconds = (Date.parse(String(task.finishedAt)) - postedAt) / 1000;
  const chunks = (task.counts as Record<string, number> | undefined)?.chunks ?? 0;
  return { documents: documents.length, seconds: r3(seconds, 2), indexRate: r3(chunks / seconds, 2) };
}

async function measureBulk({ serve, rotation, quick, out, key, round = 1, indexYield }: BulkOptions & { key: string }) {
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
  const bulk = bulkDocuments(bulkCount, key, round);
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
  const duringRes = whileRunning(during, postedAt, finishedAt);
  duringRes.server = during.server;
  const idleAfter = await hybridLoad(idleAmount, 120);
  const idle = pool([idleBefore, idleAfter]);
  const counts = task.counts as Record<string, number>;
  out[key] = {
    indexYield: indexYield ?? process.env.EMBED_INDEX_YIELD ?? 'default',
    peakRssMiB: r3(serve.memory().peakRss, 0),
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

type BulkResult = Record<string, unknown> & { idle: LoadResult; during: LoadResult; alone?: Record<string, number> };

/** `bulk` is the server as configured; `bulkNoYield` (when measured) the same run's server with EMBED_INDEX_YIELD=0. */
export function printBulk(out: Record<string, unknown>) {
  const arms = [out.bulk, out.bulkNoYield]
    .filter((b): b is BulkResult => b !== undefined)
    .map((b): [string, BulkResult] => [`EMBED_INDEX_YIELD=${b.indexYield}`, b]);
  if (arms.length === 0) return;
  print(heading('search during a bulk index vs idle (hybrid, c=1)'));
  const row = (arm: string, state: string, r: LoadResult) => [
    arm,
    state,
    String(r.ok),
    fmt(r.p50),
    fmt(r.p95),
    fmt(r.p99),
    fmt(r.server?.embedding),
    fmt(r.server?.meilisearch),
  ];
  print(
    table([
      ['server', 'state', 'n', 'p50', 'p95', 'p99', 'server embed p50', 'server meili p50'],
      ...arms.flatMap(([arm, b]) => [
        row(arm, 'idle (before + after)', b.idle),
        row(arm, `during POST /documents of ${b.documents} paragraphs`, b.during),
      ]),
    ]),
  );
  for (const [arm, b] of arms) {
    print(
      `${arm}: bulk task ${b.taskStatus}, ${JSON.stringify(b.counts)}, ${fmt(b.taskSeconds as number)} s = ${fmt(b.indexRate as number)} chunks/s while serving queries (API peak RSS by then ${fmt(b.peakRssMiB as number, 0)} MiB)` +
        (b.alone
          ? `; ${b.alone.documents} others with no searches: ${fmt(b.alone.seconds)} s = ${fmt(b.alone.indexRate)} chunks/s`
          : ''),
    );
    print(
      `  target: search during bulk index ≤ 2× idle: p95 ${fmtRatio(b.ratioP95 as number)}, p50 ${fmtRatio(b.ratioP50 as number)} -> ${(b.ratioP95 as number) <= 2 ? 'MET' : 'NOT MET'}`,
    );
  }
}
