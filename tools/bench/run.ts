// `npm run bench`: kensaku's benchmarks in ONE run, so every ratio compares numbers taken side by side on the same
// (noisy, 2-core) machine. Prints tables; writes tools/bench/results/bench-<timestamp>.json.
//
//   npm run bench [-- --only embed,reindex,latency,zipf,cpu,scale,growth,rss,readings,keys,suggest,analytics,shards,crawl,rebuild] [--quick] [--docs N] [--sizes 1000,10000] [--keep]
//
// Sections (in tools/bench/sections/)
//   embed    end-to-end indexing vs raw onnxruntime (Python) on the JSQuAD passages, interleaved rounds (tools/bench/embed.ts)
//   reindex  re-index of the unchanged corpus vs the first index (same process, same DATA_DIR)
//   latency  p50/p95/p99 of keyword/semantic/hybrid over HTTP against a `kensaku serve` child, c=1/8/32, vs the peer
//            (query embedding + Meilisearch native hybrid, tools/bench/peer-server.ts); search during a bulk index vs idle
//   zipf     a Zipf (s = 1) query stream with the query-vector cache on, hybrid vs the peer at c=1/8/32
//   rss      cold start (spawn -> /health ok with embeddings) and peak RSS (VmHWM) of the API process
//   cpu      CPU per search apart from the model (Node and Meilisearch), ours vs the peer's work, in process
//   scale    indexing time and query latency at ~1k/10k/100k chunks (hashed-bigram vectors, not the model)
//   growth   one node grown to 10k/100k/300k chunks (hashed vectors): step index rate, hybrid p95, peak RSS of API and Meilisearch
//   readings READINGS=on against off: end-to-end indexing rate, index size, hybrid latency (questions, kana queries)
//   keys     a scoped key (filter, rate limit) against SEARCH_KEY: hybrid latency on one server
//   suggest  GET /suggest p50/p95 at c=1/8 for SEARCH_KEY and a scoped key (written, kana, romaji prefixes)
//   analytics ANALYTICS=on against off: hybrid latency of two servers on one index, interleaved
//   shards   1 node vs 3 shards on this machine (indexing rate, latency), then growth to 1M chunks over 3 shards (--sizes)
//   crawl    the built Vite documentation crawled on loopback into a fresh index (pages/s), then re-crawled unchanged
//   rebuild  POST /rebuild of JSQuAD after READINGS/FOLD/CHUNK_MAX_CHARS changed: its time, and hybrid p95 at c=1 during it ÷ idle
// All load goes to 127.0.0.1. Every loop is bounded in count and time.
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { EmbedBenchResult } from './embed/types.ts';
import { intFlag, parseFlags } from '../lib/args.ts';
import { fmt, heading, round as r3, table } from '../lib/format.ts';
import type { BenchState } from '../lib/jsquad-index.ts';
import { log, print } from '../lib/log.ts';
import { loadAverage } from '../lib/proc.ts';
import { ratiosOf, ratiosTable } from './ratios.ts';
import { writeJson } from '../lib/results.ts';
import { embedSection } from './sections/embed.ts';
import { reindexSection } from './sections/reindex.ts';
import { scaleSection } from './sections/scale.ts';
import { shardsSection } from './sections/shards.ts';
import { searchCpuSection } from './sections/search-cpu.ts';
import { serveSection } from './sections/serve.ts';
import { readingsSection } from './sections/readings.ts';
import { keysSection } from './sections/keys.ts';
import { suggestSection } from './sections/suggest.ts';
import { analyticsSection } from './sections/analytics.ts';
import { crawlSection } from './sections/crawl.ts';
import { rebuildSection } from './sections/rebuild.ts';
import { zipfSection } from './sections/zipf.ts';
import { growthSection } from './sections/growth.ts';

const SECTIONS = [
  'embed',
  'reindex',
  'latency',
  'zipf',
  'cpu',
  'scale',
  'growth',
  'rss',
  'readings',
  'keys',
  'suggest',
  'analytics',
  'shards',
  'crawl',
  'rebuild',
] as const;
type Section = (typeof SECTIONS)[number];

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), {
    only: { type: 'string' },
    quick: { type: 'boolean' },
    keep: { type: 'boolean' },
    docs: { type: 'string' },
    sizes: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    print(
      'npm run bench -- [--only embed,reindex,latency,zipf,cpu,scale,growth,rss,readings,keys,suggest,analytics,shards,crawl,rebuild] [--quick] [--docs N (JSQuAD paragraphs, default 1145)] [--sizes 1000,10000,100000] [--keep (keep the JSQuAD DATA_DIR)]',
    );
    return;
  }
  const docsLimit = flags.docs ? intFlag(flags.docs, 1145, 'docs') : undefined;
  const sizes =
    typeof flags.sizes === 'string' ? flags.sizes.split(',').map((x) => intFlag(x.trim(), 1000, 'sizes')) : undefined;
  const only = new Set<Section>(
    typeof flags.only === 'string' ? (flags.only.split(',').map((s) => s.trim()) as Section[]) : SECTIONS,
  );
  const bad = [...only].filter((s) => !SECTIONS.includes(s));
  if (bad.length) throw new Error(`unknown sections: ${bad.join(', ')}; known: ${SECTIONS.join(', ')}`);
  const quick = flags.quick === true;
  const started = performance.now();
  const state: BenchState = {};
  const results: Record<string, any> = {};
  const loadBefore = loadAverage();
  log(`bench: sections ${[...only].join(', ')}${quick ? ' (quick)' : ''}; load average ${loadBefore.join('/')}`);
  try {
    // A failing section is reported and the others still run.
    const attempt = async (name: string, work: () => Promise<unknown>) => {
      try {
        results[name] = await work();
      } catch (e) {
        log(`section ${name} failed: ${(e as Error).stack ?? e}`);
        print(`\nsection ${name} FAILED: ${(e as Error).message}`);
        (results.errors ??= []).push({ section: name, message: (e as Error).message });
      }
    };
    if (only.has('embed')) await attempt('embed', () => embedSection(quick, docsLimit, state));
    if (only.has('reindex')) await attempt('reindex', () => reindexSection(docsLimit, state));
    if (only.has('cpu')) await attempt('cpu', () => searchCpuSection(quick, docsLimit, state));
    if (only.has('latency') || only.has('rss'))
      await attempt('serve', () =>
        serveSection({ quick, docsLimit, latency: only.has('latency'), rss: only.has('rss') }, state),
      );
    if (only.has('zipf')) await attempt('zipf', () => zipfSection(quick, docsLimit, state));
    // Nothing after this needs the JSQuAD core: close it before scale starts its own Meilisearch.
    if (state.jsquad?.core) await state.jsquad.core.close();
    if (state.jsquad) state.jsquad.core = null;
    if (only.has('scale')) await attempt('scale', () => scaleSection(quick, sizes));
    if (only.has('growth')) await attempt('growth', () => growthSection(quick, sizes));
    if (only.has('readings')) await attempt('readings', () => readingsSection(quick, docsLimit));
    if (only.has('keys')) await attempt('keys', () => keysSection(quick, docsLimit));
    if (only.has('suggest')) await attempt('suggest', () => suggestSection(quick, docsLimit));
    if (only.has('analytics')) await attempt('analytics', () => analyticsSection(quick, docsLimit));
    if (only.has('shards')) await attempt('shards', () => shardsSection(quick, docsLimit, sizes));
    if (only.has('crawl')) await attempt('crawl', () => crawlSection());
    if (only.has('rebuild')) await attempt('rebuild', () => rebuildSection(quick, docsLimit));
  } finally {
    if (state.jsquad?.core) await state.jsquad.core.close().catch(() => undefined);
    if (state.jsquad && !flags.keep) rmSync(state.jsquad.dataDir, { recursive: true, force: true });
    else if (state.jsquad) log(`kept the JSQuAD DATA_DIR: ${state.jsquad.dataDir}`);
  }
  const ratios = ratiosOf(results);
  print(heading('ratios (all from this one run)'));
  print(table(ratiosTable(ratios), (c) => c === 1));
  const seconds = (performance.now() - started) / 1000;
  const embed = results.embed as EmbedBenchResult | undefined;
  if (embed) delete (embed as Partial<EmbedBenchResult>).e2eCore;
  const file = writeJson('bench', {
    kind: 'bench',
    date: new Date().toISOString(),
    node: process.version,
    args: process.argv.slice(2),
    quick,
    sections: [...only],
    jsquadDocuments: docsLimit ?? 1145,
    loadAverage: { before: loadBefore, after: loadAverage() },
    seconds: r3(seconds, 1),
    ratios,
    ...results,
  });
  print(`\nwhole run: ${fmt(seconds / 60, 1)} min; load average ${loadBefore.join('/')} -> ${loadAverage().join('/')}`);
  print(`JSON: ${path.relative(process.cwd(), file)}`);
}

process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
main().then(
  () => process.exit(0),
  (e) => {
    console.error(`bench failed: ${(e as Error).stack ?? e}`);
    process.exit(1);
  },
);
