/**
 * Retrieval evaluation: `npm run eval -- [--set all|jsquad|niilc|seed|seed-en|vite-docs|<dir|file>] [--limit N] [--corpus-limit N] [--out file] [--sweep]`.
 * Indexes each set into a fresh index through the real pipeline and reports nDCG@10, MRR@10, R@10, R@50 for
 * keyword, semantic, our hybrid fusions and Meilisearch's native hybrid. See tools/eval/README.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSet, PUBLIC_SETS, ROOT } from './datasets.ts';
import { DEFAULT_CACHE_DIR, openEvalEnv } from './harness.ts';
import { formatReport, writeJson } from './report.ts';
import { runStandard } from './standard.ts';
import { runSweeps } from './tune.ts';

const USAGE = `usage: npm run eval -- [options]
  --set all|jsquad|niilc|seed|seed-en|vite-docs|<dir|file>
                                all (default): every public set in turn, a table each; vite-docs: the Japanese
                                Vite docs, judged per page; dir: corpus.jsonl + queries.jsonl; file: queries .jsonl
  --corpus <path>               corpus for a queries file (file, folder or glob)
  --limit N                     N queries, evenly spaced over the set
  --corpus-limit N              first N documents, and only the queries judged on them
  --window N                    SEARCH_WINDOW (default from config: 50)
  --chunk-max-chars N           CHUNK_MAX_CHARS (default from config: 400)
  --stop-words ja|none          STOP_WORDS (default from config: ja)
  --fusion convex|rrf           FUSION, the default hybrid (default from config: convex)
  --floor R                     SEARCH_FLOOR, the hybrid relevance floor (0 turns it off; default from config)
  --no-native                   skip Meilisearch's native hybrid
  --sweep | --tune              also run the tuning sweeps (fusion parameters, window, chunk size, stop words, embedded text)
  --only a,b                    sweep sections: fusion,rerank,window,stopwords,chunk,embed,query,adaptive
  --no-cache                    embed everything afresh (cold timing); default caches vectors in tools/eval/.cache
  --cache-dir <dir>             where vectors are cached (default tools/eval/.cache)
  --out <file>                  JSON results of one set (default tools/eval/results/<set>-<timestamp>.json)
  --quiet                       no progress lines on stderr`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      set: { type: 'string', default: 'all' },
      corpus: { type: 'string' },
      limit: { type: 'string' },
      'corpus-limit': { type: 'string' },
      window: { type: 'string' },
      'chunk-max-chars': { type: 'string' },
      'stop-words': { type: 'string' },
      fusion: { type: 'string' },
      floor: { type: 'string' },
      'no-native': { type: 'boolean', default: false },
      sweep: { type: 'boolean', default: false },
      tune: { type: 'boolean', default: false },
      only: { type: 'string' },
      'no-cache': { type: 'boolean', default: false },
      'cache-dir': { type: 'string' },
      out: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const int = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${v}`);
    return n;
  };
  const log = values.quiet ? () => {} : (line: string) => console.error(line);
  const names = values.set === 'all' ? [...PUBLIC_SETS] : [values.set!];
  if (names.length > 1 && values.out) throw new Error('--out names one file: use it with one --set');
  const overrides: Record<string, string> = {};
  if (values.window) overrides.SEARCH_WINDOW = values.window;
  if (values['chunk-max-chars']) overrides.CHUNK_MAX_CHARS = values['chunk-max-chars'];
  if (values['stop-words']) overrides.STOP_WORDS = values['stop-words'];
  if (values.fusion) overrides.FUSION = values.fusion;
  if (values.floor) overrides.SEARCH_FLOOR = values.floor;

  const evaluateSet = async (name: string) => {
    const started = performance.now();
    const set = await loadSet({
      set: name,
      corpus: values.corpus,
      limit: int('limit', values.limit),
      corpusLimit: int('corpus-limit', values['corpus-limit']),
    });
    const tmpCache = values['no-cache'] ? mkdtempSync(path.join(tmpdir(), 'kensaku-eval-cache-')) : null;
    const cacheDir = tmpCache ?? (values['cache-dir'] ? path.resolve(values['cache-dir']) : DEFAULT_CACHE_DIR);
    // A fresh environment per set: its own index, so no set's documents become another's distractors.
    const env = await openEvalEnv({ env: process.env, overrides, cacheDir });
    try {
      log(
        `model ${env.core.embedder!.modelId} fingerprint ${env.core.embedder!.fingerprint}; Meilisearch ${env.meiliVersion} (${env.meiliMode})`,
      );
      const { report, state } = await runStandard(env, set, {
        native: !values['no-native'],
        queryCacheDir: cacheDir,
        log,
      });
      console.log(formatReport(report));
      if (values.sweep || values.tune) {
        const sweeps = await runSweeps(env, set, state, {
          log,
          print: (s) => console.log(s),
          only: values.only?.split(','),
        });
        report.sweeps = sweeps;
      }
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const out = values.out
        ? path.resolve(values.out)
        : path.join(ROOT, 'tools', 'eval', 'results', `${set.name}-${stamp}.json`);
      writeJson(out, { ...report, wallMs: performance.now() - started });
      console.log(
        `\nwall time ${((performance.now() - started) / 1000).toFixed(1)} s; results: ${path.relative(process.cwd(), out)}`,
      );
    } finally {
      await env.close();
      if (tmpCache) rmSync(tmpCache, { recursive: true, force: true });
    }
  };

  for (const name of names) {
    if (names.length > 1) console.log(`\n=== ${name} ${'='.repeat(Math.max(0, 74 - name.length))}`);
    await evaluateSet(name);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`eval: ${(e as Error).message}`);
    if (process.env.DEBUG) console.error(e);
    process.exit(1);
  },
);
