import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { METRIC_LABELS, METRIC_NAMES, type Metrics } from './metrics.ts';
import type { EvalReport } from './standard.ts';

const fmt = (x: number, digits = 4) => x.toFixed(digits);

/** Terminal columns of a string: CJK and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u.test(ch)
      ? 2
      : 1;
  return w;
}

const padEnd = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - displayWidth(s)));
const padStart = (s: string, w: number) => ' '.repeat(Math.max(0, w - displayWidth(s))) + s;

/** A plain-text table: the first column left-aligned, the rest right-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? padEnd(c, widths[i]) : padStart(c, widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function metricsTable(
  rows: { name: string; metrics: Metrics; extra?: string[] }[],
  extraHeader: string[] = [],
  digits = 4,
): string {
  return table(
    ['', ...METRIC_NAMES.map((m) => METRIC_LABELS[m]), ...extraHeader],
    rows.map((r) => [r.name, ...METRIC_NAMES.map((m) => fmt(r.metrics[m], digits)), ...(r.extra ?? [])]),
  );
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function formatReport(r: EvalReport): string {
  const out: string[] = [];
  out.push(
    `set ${r.set.name}: ${r.set.queries} queries, ${r.set.documents} documents, ${r.set.chunks} chunks (judged per ${r.set.level})`,
  );
  out.push(
    `model ${r.model.id} fingerprint ${r.model.fingerprint} (${r.model.dimensions} dims); Meilisearch ${r.meilisearch.version} (${r.meilisearch.mode})`,
  );
  out.push(
    `settings: window ${r.settings.window}, CHUNK_MAX_CHARS ${r.settings.chunkMaxChars}, STOP_WORDS ${r.settings.stopWords}, FUSION ${r.settings.fusion}, ` +
      `semantic weights ${Object.entries(r.settings.weights)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}, ` +
      `rerank ${r.settings.rerank ? `${r.settings.rerank.name} depth ${r.settings.rerank.depth} weight ${r.settings.rerank.weight}` : 'off'}`,
  );
  out.push('');
  const best = Math.max(...r.rows.filter((x) => x.kind === 'native').map((x) => x.metrics.ndcg10));
  out.push(
    metricsTable(
      r.rows.map((row) => ({
        name: row.name + (row.kind === 'native' && row.metrics.ndcg10 === best ? ' *' : ''),
        metrics: row.metrics,
      })),
    ),
  );
  if (r.rows.some((x) => x.kind === 'native')) out.push('(* best native semanticRatio)');
  if (r.kinds) {
    const k = r.kinds;
    out.push('');
    out.push(`per page (a page ranks by its best chunk; graded gains), nDCG@10 per query kind and top-3:`);
    out.push(
      table(
        ['kind', 'n', ...k.rankings],
        [
          ...k.byKind.map((x) => [x.kind, String(x.n), ...x.ndcg10.map((v) => fmt(v))]),
          ['relevant page in top 3', String(r.set.queries), ...k.top3.map((t) => `${t}/${r.set.queries}`)],
        ],
      ),
    );
  }
  if (r.floor) {
    const f = r.floor;
    out.push('');
    out.push(
      `relevance floor (default hybrid; SEARCH_FLOOR=${f.ratio}; off: nDCG@10 ${fmt(f.ndcg10Off)}); dropped: chunks per query, over all queries:`,
    );
    out.push(
      table(
        ['floor', 'nDCG@10', 'queries cut', 'dropped / query'],
        f.byRatio.map((x) => [
          String(x.ratio) + (x.ratio === f.ratio ? ' *' : ''),
          fmt(x.ndcg10),
          `${x.applied}/${r.set.queries}`,
          x.droppedMean.toFixed(1),
        ]),
      ),
    );
  }
  if (r.skip) {
    const k = r.skip;
    out.push('');
    out.push(
      `semantic skip (default hybrid, identifier queries the keyword leg decides): ${k.skipped}/${r.set.queries} queries not embedded (${k.byKind.map((x) => `${x.kind} ${x.skipped}/${x.n}`).join(', ')}); nDCG@10 ${fmt(k.ndcg10With)} with, ${fmt(k.ndcg10Without)} without`,
    );
  }
  if (r.answers) {
    const a = r.answers;
    const pct = (x: number) => x.toFixed(4);
    out.push('');
    out.push(`answer accuracy (${a.questions} questions with gold answers; top hit of the default hybrid):`);
    out.push(
      table(
        ['span', 'top hit relevant and span holds an answer', 'given a relevant top hit'],
        [
          ['answer (search/answer)', pct(a.answer), pct(a.answerGivenRelevant)],
          ['first sentence (baseline)', pct(a.firstSentence), pct(a.topRelevant ? a.firstSentence / a.topRelevant : 0)],
          ['whole top hit relevant (ceiling)', pct(a.topRelevant), '1.0000'],
        ],
      ),
    );
  }
  if (r.top3) {
    out.push('');
    out.push(`default hybrid, relevant chunk in top 3: ${r.top3.filter((t) => t.top3).length}/${r.top3.length}`);
    out.push(
      table(
        ['query', 'kind', 'relevant@', 'answer@', 'top3'],
        r.top3.map((t) => [
          `${t.id} ${t.query}`,
          t.kind ?? '',
          String(t.relevantRank ?? '-'),
          String(t.answerRank ?? '-'),
          t.top3 ? 'yes' : 'NO',
        ]),
      ),
    );
  }
  if (r.unmatched.length)
    out.push('', `warning: ${r.unmatched.length} judgements match no chunk: ${r.unmatched.join('; ')}`);
  const t = r.timings;
  out.push(
    '',
    `time: index ${secs(t.indexMs)}, query vectors ${secs(t.queryEmbedMs)} (${t.queriesEmbedded} embedded), legs ${secs(t.legsMs)}, native ${secs(t.nativeMs)}, total ${secs(t.totalMs)}`,
  );
  return out.join('\n');
}

export function writeJson(file: string, data: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}
