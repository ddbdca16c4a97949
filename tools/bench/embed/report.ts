// The printed tables: passages/s of every variant with its ratio to the best raw onnxruntime rate, then the
// end-to-end profile (where the wall time of indexDocuments went).
import { fmt, fmtRatio, ratio, table } from '../../lib/format.ts';
import type { EmbedBenchResult, VariantResult } from './types.ts';

const cores = (v: VariantResult) => `${fmt(v.nodeCores, 2)}/${v.otherCores !== undefined ? fmt(v.otherCores, 2) : '—'}`;

function ratesTable(res: EmbedBenchResult): string {
  const rows = [['variant', 'passages', 'seconds', 'passages/s', '× best ORT', 'per-round ×', 'cores node/other']];
  for (const v of res.variants) {
    const rr = v.roundRatios.filter(Number.isFinite);
    rows.push([
      v.label,
      String(v.passages),
      fmt(v.seconds),
      fmt(v.rate),
      fmtRatio(v.ratioToBestOrt),
      rr.length ? `${fmt(Math.min(...rr), 2)}–${fmt(Math.max(...rr), 2)}` : '—',
      cores(v),
    ]);
  }
  return table(rows);
}

function e2eProfile(res: EmbedBenchResult, e2e: VariantResult[]): string[] {
  const local = res.variants.find((v) => v.name === 'local-b1');
  const prof = [
    [
      'end-to-end profile',
      'wall s',
      'embed s',
      'embed-only /s',
      '÷ local-b1',
      'writes s',
      'tails s',
      'other s',
      'one-call /s',
      '× best ORT',
      'cores node/Meili',
    ],
  ];
  for (const v of e2e) {
    const d = v.detail ?? {};
    const embedRate = v.passages / (d.embed_s ?? NaN);
    prof.push([
      v.name,
      fmt(v.seconds),
      fmt(d.embed_s),
      fmt(embedRate),
      local ? fmtRatio(ratio(embedRate, local.rate)) : '—',
      fmt(d.write_s),
      fmt(d.tail_s),
      fmt(v.seconds - (d.embed_s ?? 0) - (d.list_s ?? 0) - (d.tail_s ?? 0)),
      fmt(v.oneCall?.rate),
      fmtRatio(v.oneCall?.ratioToBestOrt),
      cores(v),
    ]);
  }
  return [
    '',
    table(prof),
    '  embed s: time some embedPassages call was in flight; embed-only /s: passages per second of that time;',
    '  writes s: Meilisearch writes incl. task waits (they overlap embedding, except the last batch of each call);',
    '  tails s: last embedding done -> indexDocuments returned, summed over rounds; other s: wall - embed - list - tails',
    '  (chunking, hashing, records); one-call /s: the same work as one indexDocuments call (only one tail).',
  ];
}

export function embedTables(res: EmbedBenchResult): string {
  const out: string[] = [];
  const best = res.bestOrt;
  out.push(
    `${res.documents} JSQuAD paragraphs = ${res.passages} passages (the chunk texts the indexer embeds), ` +
      `${res.roundsRun} interleaved rounds; best raw onnxruntime: ${best ? `${best.name} ${fmt(best.rate)} passages/s` : 'n/a'}; ` +
      `load average ${res.loadAverage.before.join('/')} -> ${res.loadAverage.after.join('/')}`,
  );
  out.push(ratesTable(res));
  const e2e = res.variants.filter((v) => v.kind === 'e2e');
  if (e2e.length) out.push(...e2eProfile(res, e2e));
  for (const t of res.e2eTarget) {
    out.push(
      `target: ${t.variant} ≥ ${t.target}× best raw onnxruntime: ${fmtRatio(t.ratio)} measured, ${fmtRatio(t.oneCallRatio)} as one call -> ${t.met ? 'MET' : 'NOT MET'}`,
    );
    const one = t.vsOneSession;
    if (one)
      out.push(
        `  against the best one-session onnxruntime (${one.name}): ${fmtRatio(one.ratio)} measured, ${fmtRatio(one.oneCallRatio)} as one call`,
      );
  }
  for (const [k, x] of Object.entries(res.vectorChecks)) out.push(`check: ${k}: ${x}`);
  for (const n of res.notes) out.push(`note: ${n}`);
  return out.join('\n');
}
