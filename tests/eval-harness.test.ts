/**
 * The retrieval evaluation (`npm run eval`) on a slice: 40 JSQuAD paragraphs with their questions and the full
 * seed set, against the test run's Meilisearch and the real model. Checks that the metrics are right on
 * hand-made rankings and that the harness produces sane numbers end to end.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadSet, PUBLIC_SETS, spread } from '../tools/eval/datasets.ts';
import { openEvalEnv, type EvalEnv } from '../tools/eval/harness.ts';
import { dcgAt, meanMetrics, metricsFor, mrrAt, ndcgAt, recallAt } from '../tools/eval/metrics.ts';
import { runStandard, type EvalReport } from '../tools/eval/standard.ts';
import { MODEL_DIR, ROOT } from './helpers/service.ts';

const run = promisify(execFile);
const tmp = mkdtempSync(path.join(tmpdir(), 'kensaku-eval-test-'));
const env = {
  MEILI_URL: inject('meiliUrl'),
  MEILI_MASTER_KEY: inject('meiliKey'),
  EMBED_MODEL_DIR: MODEL_DIR,
  EMBED_DOWNLOAD: 'off',
};
const row = (r: EvalReport, name: string) => r.rows.find((x) => x.name.startsWith(name))!.metrics;

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('metrics on hand-made rankings', () => {
  it('nDCG@10 with graded relevance (linear gain)', () => {
    expect(ndcgAt([1, 0, 0], [1], 10)).toBe(1);
    expect(ndcgAt([0, 1], [1], 10)).toBeCloseTo(1 / Math.log2(3), 12);
    // grade 2 at rank 2, grade 1 at rank 1; ideal puts the 2 first.
    const dcg = 1 + 2 / Math.log2(3);
    expect(ndcgAt([1, 2], [2, 1], 10)).toBeCloseTo(dcg / (2 + 1 / Math.log2(3)), 12);
    expect(ndcgAt([2, 1], [1, 2], 10)).toBeCloseTo(1, 12);
    // beyond rank 10 counts nothing; an unretrieved relevant item still counts in the ideal
    expect(ndcgAt([...Array(10).fill(0), 1], [1], 10)).toBe(0);
    expect(ndcgAt([1], [1, 1], 10)).toBeCloseTo(1 / (1 + 1 / Math.log2(3)), 12);
    expect(ndcgAt([0, 0], [], 10)).toBe(0);
    expect(dcgAt([3], 10)).toBe(3);
  });

  it('MRR@10, Recall@10 and Recall@50', () => {
    expect(mrrAt([0, 0, 1, 1], 10)).toBeCloseTo(1 / 3, 12);
    expect(mrrAt([...Array(10).fill(0), 1], 10)).toBe(0);
    expect(recallAt([1, 0, 1], [1, 1, 2, 1], 10)).toBe(0.5);
    const late = [...Array(20).fill(0), 1];
    expect(recallAt(late, [1], 10)).toBe(0);
    expect(recallAt(late, [1], 50)).toBe(1);
    const m = metricsFor([0, 1], [1]);
    expect(m).toEqual({ ndcg10: 1 / Math.log2(3), mrr10: 0.5, recall10: 1, recall50: 1 });
    expect(meanMetrics([m, metricsFor([1], [1])]).mrr10).toBe(0.75);
  });
});

describe('datasets', () => {
  it('reads a folder set (corpus.jsonl + queries.jsonl), {id, grade} judgements, --corpus-limit and --limit', async () => {
    const dir = path.join(tmp, 'myset');
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, 'corpus.jsonl'),
      ['{"id":"d1","title":"猫","text":"猫は動物。"}', '{"id":"d2","title":"犬","text":"犬も動物。"}', ''].join('\n'),
    );
    writeFileSync(
      path.join(dir, 'queries.jsonl'),
      [
        '{"id":"q1","query":"猫とは","relevant":["d1"]}',
        '{"id":"q2","query":"犬とは","relevant":[{"id":"d2","grade":2}]}',
      ].join('\n'),
    );
    const set = await loadSet({ set: dir });
    expect(set.name).toBe('myset');
    expect(set.level).toBe('document');
    expect(set.queries[1].judgments).toEqual([{ documentId: 'd2', grade: 2 }]);
    expect((await loadSet({ set: dir, corpusLimit: 1 })).queries.map((q) => q.id)).toEqual(['q1']);
    expect((await loadSet({ set: dir, limit: 1 })).queries.map((q) => q.id)).toEqual(['q1']);
    expect(spread([1, 2, 3, 4, 5, 6], 3)).toEqual([1, 3, 5]);
  });

  it('reads a contains-judged queries file against a corpus of files (the seed set)', async () => {
    const seed = await loadSet({ set: 'seed' });
    expect(seed.level).toBe('chunk');
    expect(seed.queries).toHaveLength(16);
    expect(seed.documents.map((d) => d.source)).toEqual(['corpus/japan-us-foreign-ministers-2014-02-07.txt']);
    const file = path.join(tmp, 'q.jsonl');
    writeFileSync(file, '{"id":"x","query":"普天間","relevant":[{"contains":"普天間問題に関し","grade":2}]}\n');
    const own = await loadSet({ set: file, corpus: 'corpus' });
    expect(own.level).toBe('chunk');
    expect(own.documents).toHaveLength(1);
  });

  it('knows every public set by name, as `npm run eval` runs them in turn', async () => {
    expect(PUBLIC_SETS).toEqual(['jsquad', 'niilc', 'seed', 'seed-en', 'vite-docs']);
    const niilc = await loadSet({ set: 'niilc' });
    expect([niilc.level, niilc.queries.length, niilc.documents.length]).toEqual(['document', 641, 1765]);
    const vite = await loadSet({ set: 'vite-docs' });
    expect([vite.level, vite.queries.length, vite.documents.length]).toEqual(['document', 40, 57]);
    const english = await loadSet({ set: 'seed-en' });
    expect([english.level, english.queries.length, english.documents.length]).toEqual(['chunk', 7, 1]);
    expect(english.queries.find((q) => q.id === 'e03')?.query).toBe('Hague Convention');
  });
});

describe('the harness on a slice', () => {
  let evalEnv: EvalEnv;
  let jsquad: EvalReport;
  let seed: EvalReport;

  beforeAll(async () => {
    evalEnv = await openEvalEnv({ env, cacheDir: path.join(tmp, 'cache'), logLevel: 'silent' });
    const slice = await loadSet({ set: 'jsquad', corpusLimit: 40 });
    jsquad = (await runStandard(evalEnv, slice, { queryCacheDir: path.join(tmp, 'cache') })).report;
    seed = (await runStandard(evalEnv, await loadSet({ set: 'seed' }), { native: false, queryCacheDir: null })).report;
  });
  afterAll(() => evalEnv?.close());

  it('reports every mode with metrics in range, on 40 JSQuAD paragraphs and their questions', () => {
    expect(jsquad.set.documents).toBe(40);
    expect(jsquad.set.queries).toBeGreaterThan(100);
    expect(jsquad.model.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(jsquad.rows.map((r) => r.name)).toEqual([
      'keyword',
      'semantic',
      'hybrid adaptive + coverage (default)',
      'hybrid adaptive, no rerank',
      'hybrid convex + coverage',
      'hybrid convex, no rerank',
      'hybrid rrf + coverage',
      'hybrid rrf, no rerank',
      'previous default: convex + bigram-bm25',
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `native 0.${i}`),
    ]);
    for (const r of jsquad.rows) {
      for (const v of Object.values(r.metrics)) expect(v).toBeGreaterThanOrEqual(0);
      for (const v of Object.values(r.metrics)) expect(v).toBeLessThanOrEqual(1);
      expect(r.metrics.recall50).toBeGreaterThanOrEqual(r.metrics.recall10);
      expect(r.metrics.mrr10).toBeLessThanOrEqual(r.metrics.recall10 + 1e-12);
    }
    expect(jsquad.unmatched).toEqual([]);
  });

  it('hybrid beats each leg alone and reaches a floor; the legs themselves are far above chance', () => {
    const hybrid = row(jsquad, 'hybrid adaptive + coverage (default)');
    expect(hybrid.ndcg10).toBeGreaterThan(row(jsquad, 'keyword').ndcg10);
    expect(hybrid.ndcg10).toBeGreaterThan(row(jsquad, 'semantic').ndcg10);
    expect(hybrid.ndcg10).toBeGreaterThan(0.9);
    expect(hybrid.recall10).toBeGreaterThan(0.95);
    expect(row(jsquad, 'keyword').ndcg10).toBeGreaterThan(0.75);
    expect(row(jsquad, 'semantic').ndcg10).toBeGreaterThan(0.75);
  });

  it('measures answer spans: the picked sentence holds the gold answer far more often than the first sentence', () => {
    const a = jsquad.answers!;
    expect(a.questions).toBe(jsquad.set.queries);
    expect(a.topRelevant).toBeGreaterThan(0.85);
    expect(a.answer).toBeLessThanOrEqual(a.topRelevant);
    expect(a.answerGivenRelevant).toBeGreaterThan(0.75);
    expect(a.answer - a.firstSentence).toBeGreaterThan(0.1);
    expect(seed.answers).toBeUndefined();
  });

  it('puts a relevant chunk in the hybrid top 3 for every seed query', () => {
    expect(seed.set.level).toBe('chunk');
    expect(seed.top3).toHaveLength(16);
    expect(seed.top3!.filter((t) => !t.top3).map((t) => `${t.id} ${t.query}: relevant at ${t.relevantRank}`)).toEqual(
      [],
    );
    expect(seed.unmatched).toEqual([]);
    expect(row(seed, 'hybrid adaptive + coverage (default)').ndcg10).toBeGreaterThan(0.85);
  });
});

describe('npm run eval (the CLI)', () => {
  it('prints the table and writes the JSON results for --set seed', async () => {
    const out = path.join(tmp, 'seed.json');
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'tools/eval/run.ts',
        '--set',
        'seed',
        '--no-native',
        '--quiet',
        '--cache-dir',
        path.join(tmp, 'cli-cache'),
        '--out',
        out,
      ],
      {
        cwd: ROOT,
        env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
        timeout: 90_000,
      },
    );
    expect(stdout).toMatch(/fingerprint [0-9a-f]{16}/);
    expect(stdout).toMatch(/hybrid adaptive \+ coverage \(default\)\s+\d\.\d{3}/);
    expect(stdout).toContain('relevant chunk in top 3: 16/16');
    const json = JSON.parse(readFileSync(out, 'utf8')) as EvalReport;
    expect(json.set.name).toBe('seed');
    expect(json.rows.length).toBe(9);
  });
});
