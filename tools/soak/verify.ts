// The end of a soak: wait (bounded) for every acknowledged task, then check each document the run wrote. An
// acknowledged write not deleted since must be there once: GET /documents/{id} 200, and a keyword search for its
// marker filtered on its documentId finds exactly chunkCount distinct chunks. An acknowledged delete must be gone:
// 404 and no chunk found.
import { sleep } from '../lib/format.ts';
import { log } from '../lib/log.ts';
import type { Client, Reply } from './http.ts';
import { json } from './http.ts';
import type { Ledger, WriteEntry } from './ledger.ts';
import type { Stats } from './stats.ts';

export type Outcome =
  | 'present' // expected there, there once
  | 'lost' // expected there: 404 and no chunk
  | 'partial' // expected there: record without (all) chunks, or chunks without record
  | 'duplicated' // expected there: more chunks than chunkCount, or a chunk twice
  | 'gone' // deleted: 404 and no chunk
  | 'resurrected' // deleted (acknowledged): record or chunks still there
  | 'ambiguous' // a delete got no answer: either state is right, not checked
  | 'unverifiable'; // the checks themselves kept failing

export interface Check {
  id: string;
  outcome: Outcome;
  detail: string;
}

export interface Verification {
  settleSeconds: number;
  tasks: Record<string, number>;
  checks: Record<Outcome, number>;
  /** documents not as they should be, by outcome and what their tasks said, e.g. "lost, write task failed" */
  byTask: Record<string, number>;
  /** the documents that were not as they should be (first 50) */
  problems: Check[];
  failedTasks: Array<{ id: string; kind: string; errors: unknown }>;
}

const OUTCOMES: Outcome[] = [
  'present',
  'lost',
  'partial',
  'duplicated',
  'gone',
  'resurrected',
  'ambiguous',
  'unverifiable',
];

/** Waits for the acknowledged tasks, at most `settleMs`. */
export async function settle(client: Client, stats: Stats, ledger: Ledger, settleMs: number): Promise<number> {
  const started = performance.now();
  let said = 0;
  while (ledger.pendingCount > 0 && performance.now() - started < settleMs) {
    // The queue runs tasks in order: a few unfinished ones at the head say the rest are not done either.
    await ledger.poll(client, stats, { inOutage: () => false }, 4);
    if (ledger.pendingCount === 0) break;
    if (performance.now() - said > 5000) {
      log(`waiting for ${ledger.pendingCount} acknowledged tasks`);
      said = performance.now();
    }
    await sleep(500);
  }
  ledger.markUnfinished();
  return (performance.now() - started) / 1000;
}

/** A request retried a few times while it fails (status 0 or 5xx): verification must not fail on a hiccup. */
async function steady(client: Client, path: string): Promise<Reply> {
  let r: Reply | undefined;
  for (let i = 0; i < 4; i++) {
    r = await client.request('GET', path);
    if (r.status !== 0 && r.status < 500) return r;
    await sleep(500);
  }
  return r!;
}

async function check(client: Client, w: WriteEntry): Promise<Check> {
  if (w.deleteAmbiguous && !w.delete) return { id: w.id, outcome: 'ambiguous', detail: 'delete got no answer' };
  const doc = await steady(client, `/documents/${encodeURIComponent(w.id)}`);
  const filter = `documentId = ${JSON.stringify(w.id)}`;
  const found = await steady(
    client,
    `/search?q=${w.marker}&mode=keyword&limit=100&filter=${encodeURIComponent(filter)}`,
  );
  if ((doc.status !== 200 && doc.status !== 404) || found.status !== 200) {
    return {
      id: w.id,
      outcome: 'unverifiable',
      detail: `GET /documents ${doc.status || doc.error}, search ${found.status || found.error}`,
    };
  }
  const chunkCount = doc.status === 200 ? (json<{ chunkCount?: number }>(doc)?.chunkCount ?? NaN) : 0;
  const hits = json<{ hits?: Array<{ chunkId: string; documentId: string }> }>(found)?.hits ?? [];
  const distinct = new Set(hits.map((h) => h.chunkId)).size;
  const state = `GET ${doc.status}${doc.status === 200 ? ` chunkCount ${chunkCount}` : ''}, ${hits.length} chunks found (${distinct} distinct)`;
  if (w.delete) {
    return doc.status === 404 && hits.length === 0
      ? { id: w.id, outcome: 'gone', detail: state }
      : { id: w.id, outcome: 'resurrected', detail: state };
  }
  if (doc.status === 404) return { id: w.id, outcome: hits.length === 0 ? 'lost' : 'partial', detail: state };
  if (distinct < hits.length || hits.length > chunkCount) return { id: w.id, outcome: 'duplicated', detail: state };
  if (hits.length < chunkCount || hits.length === 0) return { id: w.id, outcome: 'partial', detail: state };
  return { id: w.id, outcome: 'present', detail: state };
}

const fine = (o: Outcome) => o === 'present' || o === 'gone' || o === 'ambiguous';

/**
 * Checks every acknowledged write, a few at a time. A document that is not as it should be is checked once more
 * after `ready()` (a healthy /health): GET /documents/{id} answers 404 while Meilisearch is unreachable, so a
 * hiccup during the first pass must not read as a loss.
 */
export async function verify(
  client: Client,
  ledger: Ledger,
  settleSeconds: number,
  ready: () => Promise<void>,
  concurrency = 4,
): Promise<Verification> {
  const checks = Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  const problems: Check[] = [];
  const byTask: Record<string, number> = {};
  const run = async (writes: WriteEntry[]) => {
    const results: Array<[WriteEntry, Check]> = [];
    let next = 0;
    const worker = async () => {
      while (next < writes.length) {
        const w = writes[next++];
        results.push([w, await check(client, w)]);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return results;
  };
  const first = await run(ledger.writes);
  const doubtful = first.filter(([, c]) => !fine(c.outcome)).map(([w]) => w);
  const second = new Map<WriteEntry, Check>();
  if (doubtful.length) {
    log(`${doubtful.length} documents not as expected; checking them again once the server is healthy`);
    await ready();
    for (const [w, c] of await run(doubtful)) second.set(w, c);
  }
  for (const [w, c0] of first) {
    const c = second.get(w) ?? c0;
    checks[c.outcome]++;
    if (fine(c.outcome)) continue;
    const key = `${c.outcome}, write task ${w.task}${w.delete ? `, delete task ${w.delete.task}` : ''}`;
    byTask[key] = (byTask[key] ?? 0) + 1;
    if (problems.length < 50)
      problems.push({
        ...c,
        detail: `${c.detail}; write task ${w.task}${w.delete ? `, delete task ${w.delete.task}` : ''}`,
      });
  }
  const tasks: Record<string, number> = {};
  const failedTasks: Verification['failedTasks'] = [];
  const count = (kind: string, t: { task: string; taskId: string; errors?: unknown }) => {
    tasks[`${kind} ${t.task}`] = (tasks[`${kind} ${t.task}`] ?? 0) + 1;
    if (t.task === 'failed' && failedTasks.length < 20) failedTasks.push({ id: t.taskId, kind, errors: t.errors });
  };
  for (const w of ledger.writes) count('write', w);
  for (const d of ledger.deletes) count('delete', d);
  return { settleSeconds, tasks, checks, byTask, problems, failedTasks };
}
