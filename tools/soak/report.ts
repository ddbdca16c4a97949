// The soak's tables, its verdict and the JSON result.
import { fmt, heading, percentile, round, table } from '../lib/format.ts';
import type { ChaosResult } from './chaos.ts';
import type { Ledger } from './ledger.ts';
import { is4xx, is5xx, isConn, KINDS, sum, type Kind, type Stats } from './stats.ts';
import type { Verification } from './verify.ts';

export interface SoakFacts {
  chaos: boolean;
  loadSeconds: number;
  stats: Stats;
  ledger: Ledger;
  verification: Verification;
  chaosResult: ChaosResult | null;
  unexpectedExits: string[];
}

export interface Verdict {
  pass: boolean;
  reasons: string[];
  notes: string[];
}

const showMap = (m: Record<string, number>) =>
  Object.entries(m)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k}×${v}`)
    .join(' ') || '—';

export function kindSummary(stats: Stats, kind: Kind) {
  const s = stats.byKind.get(kind)!;
  return {
    requests: s.requests,
    ok: s.ok,
    errors: s.errors,
    duringOutage: s.duringOutage,
    expected4xx: s.expected4xx,
    p50: round(percentile(s.latencies, 50), 1),
    p99: round(percentile(s.latencies, 99), 1),
  };
}

export function verdictOf(f: SoakFacts): Verdict {
  const reasons: string[] = [];
  const notes: string[] = [];
  const { stats, verification: v } = f;
  const errs = (keep: (k: string) => boolean) => stats.total((s) => sum(s.errors, keep), [...KINDS, 'task']);
  const n5xx = errs(is5xx);
  const n4xx = errs(is4xx);
  const nConn = errs(isConn);
  if (n5xx) reasons.push(`${n5xx} 5xx${f.chaos ? ' outside outage windows' : ''}`);
  if (n4xx) reasons.push(`${n4xx} unexpected 4xx`);
  if (nConn) reasons.push(`${nConn} connection errors${f.chaos ? ' outside outage windows' : ''}`);
  for (const o of ['lost', 'partial', 'duplicated', 'resurrected', 'unverifiable'] as const) {
    if (v.checks[o]) reasons.push(`${v.checks[o]} ${o}`);
  }
  const taskCount = (state: string) =>
    Object.entries(v.tasks).reduce((n, [k, c]) => (k.endsWith(` ${state}`) ? n + c : n), 0);
  if (taskCount('failed')) reasons.push(`${taskCount('failed')} tasks failed`);
  if (taskCount('unfinished'))
    reasons.push(`${taskCount('unfinished')} tasks unfinished after ${fmt(v.settleSeconds, 0)} s`);
  if (taskCount('forgotten')) {
    const msg = `${taskCount('forgotten')} acknowledged tasks unknown to the server (GET /tasks/{id} 404)`;
    // Across a restart an in-memory queue forgets its tasks; what matters then is the documents, checked above.
    if (f.chaos) notes.push(`${msg}; their documents were checked all the same`);
    else reasons.push(msg);
  }
  if (f.unexpectedExits.length) reasons.push(`kensaku exited by itself: ${f.unexpectedExits.join('; ')}`);
  const c = f.chaosResult;
  if (c) {
    if (c.fatal) reasons.push(`chaos stopped: ${c.fatal.split('\n')[0]}`);
    if (c.skipped) reasons.push(`${c.skipped} kill points did not happen before the deadline`);
    const meili = c.events.filter((e) => e.target === 'meili');
    const notBack = meili.filter((e) => e.how !== 'by itself');
    if (notBack.length)
      reasons.push(`${notBack.length} of ${meili.length} Meilisearch kills not recovered by kensaku itself`);
    const outage = stats.total((s) => sum(s.duringOutage));
    notes.push(`${outage} failed requests during outage windows (provoked on purpose, not errors)`);
  }
  return { pass: reasons.length === 0, reasons, notes };
}

export function render(f: SoakFacts, verdict: Verdict): string {
  const { stats, ledger, verification: v } = f;
  const out: string[] = [];
  const total = stats.total((s) => s.requests);
  out.push(heading('requests'));
  const rows = [
    ['kind', 'requests', 'ok', 'errors (status×n)', ...(f.chaos ? ['during outage'] : []), 'p50 ms', 'p99 ms'],
  ];
  for (const k of [...KINDS, 'task'] as Kind[]) {
    const s = kindSummary(stats, k);
    const label = k === 'task' ? 'task unknown' : 'expected';
    const errors = {
      ...s.errors,
      ...Object.fromEntries(Object.entries(s.expected4xx).map(([key, n]) => [`${key} ${label}`, n])),
    };
    rows.push([
      k === 'task' ? 'task (polls)' : k,
      String(s.requests),
      String(s.ok),
      showMap(errors),
      ...(f.chaos ? [showMap(s.duringOutage)] : []),
      fmt(s.p50),
      fmt(s.p99),
    ]);
  }
  out.push(table(rows, (c) => c === 1 || c === 2 || c >= rows[0].length - 2));
  out.push(
    `total ${total} requests in ${fmt(f.loadSeconds, 1)} s: ${fmt(total / f.loadSeconds, 1)} requests/s (task polls apart); latency of 2xx answers`,
  );
  out.push(
    'task polls: "404 task unknown" means the server no longer knows the task (counted as forgotten below), not a request error',
  );

  if (f.chaosResult) {
    out.push(heading('chaos'));
    const ev = f.chaosResult.events;
    const crows = [['#', 'at s', 'killed', 'pid', 'healthy after s', 'recovery']];
    for (const e of ev)
      crows.push([
        String(e.n),
        fmt(e.at / 1000, 1),
        e.target === 'api' ? 'kensaku API' : 'Meilisearch',
        String(e.pid),
        e.recoveredMs === null ? '—' : fmt(e.recoveredMs / 1000, 1),
        e.how,
      ]);
    out.push(table(crows, (c) => c === 0 || c === 1 || c === 3 || c === 4));
    out.push(
      `${ev.length} kills (${ev.filter((e) => e.target === 'api').length} API, ${ev.filter((e) => e.target === 'meili').length} Meilisearch); ${f.chaosResult.skipped} skipped`,
    );
  }

  out.push(heading('ledger and verification'));
  const lrows = [
    ['what', 'count'],
    ['writes acknowledged (202)', String(ledger.writes.length)],
    ['deletes acknowledged (202)', String(ledger.deletes.length)],
    ...Object.entries(v.tasks)
      .sort()
      .map(([k, n]) => [`  task: ${k}`, String(n)]),
    ['writes without an answer or with a 5xx (not acknowledged, not checked)', String(ledger.ambiguousWrites)],
    ['deletes without an answer or with a 5xx (document not checked)', String(v.checks.ambiguous)],
    ['deletes answered 404 (not acknowledged; the document must still be there)', String(ledger.delete404)],
    ['present: acknowledged, not deleted, there once', String(v.checks.present)],
    ['gone: acknowledged delete, 404 and no chunk', String(v.checks.gone)],
    ['lost: acknowledged write missing', String(v.checks.lost)],
    ['partial: record or chunks missing', String(v.checks.partial)],
    ['duplicated: more chunks than chunkCount', String(v.checks.duplicated)],
    ['resurrected: acknowledged delete still present', String(v.checks.resurrected)],
    ['unverifiable: checks kept failing', String(v.checks.unverifiable)],
  ];
  out.push(table(lrows, (c) => c === 1));
  const byTask = Object.entries(v.byTask).sort((a, b) => b[1] - a[1]);
  if (byTask.length)
    out.push(`not as expected, by what their tasks said: ${byTask.map(([k, n]) => `${n} ${k}`).join('; ')}`);
  const ackedInOutage =
    ledger.writes.filter((w) => w.duringOutage).length + ledger.deletes.filter((d) => d.duringOutage).length;
  if (f.chaos)
    out.push(`${ackedInOutage} of the acknowledged writes and deletes were acknowledged inside an outage window`);
  out.push(`deletes go only to documents whose write task was seen succeeded; settle ${fmt(v.settleSeconds, 1)} s`);
  for (const p of v.problems.slice(0, 10)) out.push(`  ${p.outcome}: ${p.id}: ${p.detail}`);
  if (v.problems.length > 10) out.push(`  … ${v.problems.length - 10} more in the JSON`);
  for (const t of v.failedTasks.slice(0, 5)) out.push(`  failed ${t.kind} task ${t.id}: ${JSON.stringify(t.errors)}`);
  for (const n of verdict.notes) out.push(`note: ${n}`);
  out.push('');
  out.push(
    verdict.pass
      ? `VERDICT: PASS — ${v.checks.lost} lost, ${v.checks.duplicated} duplicated, ${v.checks.resurrected} resurrected, 0 failed tasks, 0 5xx`
      : `VERDICT: FAIL — ${verdict.reasons.join('; ')}`,
  );
  return out.join('\n');
}
