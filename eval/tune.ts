/**
 * Tuning sweeps (`npm run eval -- --sweep`): each varies one thing against the shipped defaults and prints
 * before/after. Fusion parameters reuse the standard run's legs (no re-query); window, stop words, chunk size and
 * embedded text rebuild the legs through the real pipeline (new index, same Meilisearch, cached vectors).
 */
import { createConvexFusion, createRrfFusion, fusionFunctions, type FusionFunction } from '../api/fusion/index.ts';
import { configuredReranker, createBigramRerank, type BigramRerank } from '../api/rerank/index.ts';
import { sortFused, type LegList } from '../api/fusion/types.ts';
import { normalizeForMatch } from '../indexer/normalize.ts';
import type { Chunk } from '../indexer/types.ts';
import type { LegResults } from '../store/search-legs.ts';
import { JAPANESE_STOP_WORDS, stopWordsFor } from '../store/stop-words.ts';
import type { EvalSet } from './datasets.ts';
import { buildIndex, collectLegs, judge, rankIds, rerankTexts, score, type ChunkInfo, type EvalEnv, type Judged, type Mode } from './harness.ts';
import type { Metrics } from './metrics.ts';
import { metricsTable, table } from './report.ts';
import type { StandardState } from './standard.ts';

/** The settings before `npm run eval` tuning (commit 3a55a00): what "before" means in every sweep. */
export const BASELINE = {
  convex: { cosineFloor: 0.8, weight: 0.7 },
  rrf: { k: 60, weight: 0.5 },
  window: 50,
  chunkMaxChars: 400,
  /** The 52-word list shipped before tuning. */
  stopWords: [
    'の', 'は', 'が', 'を', 'に', 'へ', 'と', 'で', 'も', 'や', 'か', 'な', 'ね', 'よ', 'から', 'まで', 'より',
    'だ', 'です', 'ます', 'でし', 'まし', 'た', 'て', 'ある', 'いる', 'する', 'し', 'さ', 'れ', 'られ', 'れる',
    'こと', 'もの', 'ため', 'よう', 'これ', 'それ', 'この', 'その', 'あの',
    '何', 'なに', 'なん', 'どこ', 'いつ', '誰', 'だれ', 'どれ', 'どの', 'どう', 'どんな', 'なぜ', 'いくつ', 'どちら',
  ],
};

export interface SweepOptions {
  log: (line: string) => void;
  print: (text: string) => void;
  /** Sections to run (default all): fusion, rerank, window, stopwords, chunk, embed, query. */
  only?: string[];
}

interface SweepRow {
  name: string;
  metrics: Metrics;
  note?: string;
}

export type SweepResults = Record<string, SweepRow[]>;

/**
 * Convex fusion as api/fusion/convex.ts, with one option the product does not have: a chunk missing from a leg's
 * window gets the lowest score seen in that leg's window (at most what it scored there) instead of 0 — only when the
 * leg returned a full window; a shorter list means the chunk did not match at all.
 */
export function convexImputing(cosineFloor: number, defaultWeight: number, window: number): FusionFunction {
  const rescale = (cos: number) => Math.max(0, (cos - cosineFloor) / (1 - cosineFloor));
  return {
    name: 'convex-impute',
    defaultWeight,
    fuse(keyword: LegList, semantic: LegList, weight: number) {
      const kw = new Map(keyword.ids.map((id, i) => [id, keyword.scores[i]]));
      const sem = new Map(semantic.ids.map((id, i) => [id, rescale(semantic.scores[i])]));
      const kwMissing = keyword.scores.length >= window ? Math.min(...keyword.scores) : 0;
      const semMissing = sem.size >= window ? Math.min(...sem.values()) : 0;
      const scores = new Map<string, number>();
      for (const id of new Set([...keyword.ids, ...semantic.ids])) scores.set(id, (1 - weight) * (kw.get(id) ?? kwMissing) + weight * (sem.get(id) ?? semMissing));
      return sortFused(scores, keyword, semantic);
    },
  };
}

export async function runSweeps(env: EvalEnv, set: EvalSet, state: StandardState, options: SweepOptions): Promise<SweepResults> {
  const { log, print } = options;
  const want = (s: string) => !options.only || options.only.includes(s);
  const results: SweepResults = {};
  const { judged } = state;
  const mean = (legs: LegResults[], mode: Mode, fusion: FusionFunction, weight: number, j: Judged[] = judged) => score(j, legs.map((l) => rankIds(l, set.level, mode, fusion, weight))).mean;
  const reranked = (legs: LegResults[], chunks: ChunkInfo[], reranker: BigramRerank, j: Judged[] = judged, fusion = fusionFunctions[env.config.FUSION]) => {
    const textOf = rerankTexts(chunks);
    return score(j, legs.map((l, i) => rankIds(l, set.level, 'hybrid', fusion, fusion.defaultWeight, { reranker, query: set.queries[i].query.trim(), textOf })));
  };
  const shipped = configuredReranker(env.config);
  const def = fusionFunctions[env.config.FUSION];
  const window = env.config.SEARCH_WINDOW;
  const section = (key: string, title: string, rows: SweepRow[]) => {
    results[key] = rows;
    print(`\n== ${title}\n${metricsTable(rows.map((r) => ({ name: r.name, metrics: r.metrics, extra: [r.note ?? ''] })), [''], 4)}`);
  };
  const standardRows = (legs: LegResults[], j: Judged[] = judged, label = '', chunks: ChunkInfo[] = state.index.chunks) => [
    { name: `keyword${label}`, metrics: mean(legs, 'keyword', def, 0, j) },
    { name: `semantic${label}`, metrics: mean(legs, 'semantic', def, 1, j) },
    ...Object.values(fusionFunctions).map((f) => ({ name: `hybrid ${f.name} ${f.defaultWeight}${label}`, metrics: mean(legs, 'hybrid', f, f.defaultWeight, j) })),
    ...(shipped ? [{ name: `hybrid ${def.name} + rerank${label}`, metrics: reranked(legs, chunks, shipped, j).mean }] : []),
  ];

  if (want('fusion')) {
    log('sweep: fusion parameters (standard legs, no re-query)…');
    const floors = [0.75, 0.8, 0.82, 0.85];
    const weights = [0.5, 0.6, 0.7, 0.8];
    const grid = floors.map((fl) => weights.map((w) => mean(state.legs, 'hybrid', createConvexFusion({ cosineFloor: fl, defaultWeight: w }), w)));
    print(`\n== convex fusion: nDCG@10 (R@10) by cosine floor × semantic weight; window ${window}`);
    print(table(['floor \\ weight', ...weights.map(String)], floors.map((fl, i) => [String(fl), ...grid[i].map((m) => `${m.ndcg10.toFixed(4)} (${m.recall10.toFixed(3)})`)])));
    const rows: SweepRow[] = [];
    const b = BASELINE.convex;
    rows.push({ name: `convex floor ${b.cosineFloor} w ${b.weight}`, metrics: mean(state.legs, 'hybrid', createConvexFusion({ cosineFloor: b.cosineFloor, defaultWeight: b.weight }), b.weight), note: 'before' });
    for (const [fl, w] of [[0.8, 0.6], [0.82, 0.7], [b.cosineFloor, b.weight]] as const) {
      rows.push({ name: `convex floor ${fl} w ${w}, missing = leg min`, metrics: mean(state.legs, 'hybrid', convexImputing(fl, w, window), w) });
    }
    const bestCell = floors.flatMap((fl, i) => weights.map((w, j) => ({ fl, w, m: grid[i][j] }))).sort((x, y) => y.m.ndcg10 - x.m.ndcg10)[0];
    rows.push({ name: `convex floor ${bestCell.fl} w ${bestCell.w}`, metrics: bestCell.m, note: 'grid best' });
    rows.push({ name: `${def.name} shipped default (${def.defaultWeight})`, metrics: mean(state.legs, 'hybrid', def, def.defaultWeight), note: 'after' });
    section('convex', 'convex fusion variants', rows);

    const ks = [5, 10, 20, 60];
    const rw = [0.3, 0.4, 0.5, 0.6, 0.7];
    const rgrid = ks.map((k) => rw.map((w) => mean(state.legs, 'hybrid', createRrfFusion({ k, defaultWeight: w }), w)));
    print(`\n== RRF: nDCG@10 (R@10) by k × semantic weight; window ${window}`);
    print(table(['k \\ weight', ...rw.map(String)], ks.map((k, i) => [String(k), ...rgrid[i].map((m) => `${m.ndcg10.toFixed(4)} (${m.recall10.toFixed(3)})`)])));
    const rbest = ks.flatMap((k, i) => rw.map((w, j) => ({ k, w, m: rgrid[i][j] }))).sort((x, y) => y.m.ndcg10 - x.m.ndcg10)[0];
    results.rrf = [
      { name: `rrf k ${BASELINE.rrf.k} w ${BASELINE.rrf.weight}`, metrics: mean(state.legs, 'hybrid', createRrfFusion({ k: BASELINE.rrf.k, defaultWeight: BASELINE.rrf.weight }), BASELINE.rrf.weight), note: 'before' },
      { name: `rrf k ${rbest.k} w ${rbest.w}`, metrics: rbest.m, note: 'grid best' },
      { name: `rrf shipped default (${fusionFunctions.rrf.defaultWeight})`, metrics: mean(state.legs, 'hybrid', fusionFunctions.rrf, fusionFunctions.rrf.defaultWeight), note: 'after' },
    ];
    section('rrf', 'RRF before/after', results.rrf);
  }

  if (want('rerank')) {
    log('sweep: bigram BM25 rerank (standard legs, no re-query)…');
    // Chosen on the first half of the questions (in file order); the second half shows whether it carries over.
    const half = Math.floor(set.queries.length / 2);
    const halves = (m: { perQuery: Metrics[] }) => [m.perQuery.slice(0, half), m.perQuery.slice(half)].map((p) => (p.reduce((a, x) => a + x.ndcg10, 0) / Math.max(1, p.length)).toFixed(4));
    const none = score(judged, state.legs.map((l) => rankIds(l, set.level, 'hybrid', def, def.defaultWeight)));
    const rows: SweepRow[] = [{ name: `${def.name} ${def.defaultWeight}, no rerank`, metrics: none.mean, note: `halves ${halves(none).join(' / ')} (before)` }];
    for (const depth of [10, 20, 30, 50]) {
      for (const weight of [0.1, 0.2, 0.3]) {
        const r = reranked(state.legs, state.index.chunks, createBigramRerank({ depth, weight }));
        const isShipped = shipped?.depth === depth && shipped.weight === weight;
        rows.push({ name: `+ rerank depth ${depth} weight ${weight}`, metrics: r.mean, note: `halves ${halves(r).join(' / ')}${isShipped ? ' (after, shipped)' : ''}` });
      }
    }
    section('rerank', 'bigram BM25 rerank of the fused top chunks: depth × weight (nDCG@10 of the first / second half of the questions in the note)', rows);
  }

  if (want('window')) {
    const rows: SweepRow[] = [];
    for (const w of [20, 50, 100, 200]) {
      log(`sweep: window ${w}…`);
      const legs = w === window ? state.legs : await collectLegs(env, state.index.store, set.queries, { window: w });
      for (const r of standardRows(legs, judged, ` @${w}`)) rows.push({ ...r, note: w === BASELINE.window ? 'before' : w === window ? 'after' : '' });
    }
    section('window', 'window depth (legs re-queried at each depth; semantic search is approximate, so depth changes its top hits too)', rows);
  }

  if (want('stopwords')) {
    const lists: [string, string[], string][] = [
      ['none', [], ''],
      [`baseline list (${BASELINE.stopWords.length} words)`, BASELINE.stopWords, 'before'],
      [`shipped list (${JAPANESE_STOP_WORDS.length} words)`, stopWordsFor('ja'), 'after'],
    ];
    const rows: SweepRow[] = [];
    for (const [name, words, note] of lists) {
      if (note === 'after' && sameSet(words, BASELINE.stopWords)) continue;
      log(`sweep: stop words ${name}…`);
      const idx = await buildIndex(env, set, { label: name, maxChars: env.config.CHUNK_MAX_CHARS, stopWords: words, vectors: false });
      const kwLegs = await collectLegs(env, idx.store, set.queries, { window, semantic: false });
      const legs = kwLegs.map((l, i) => ({ ...l, semantic: state.legs[i].semantic }));
      rows.push({ name: `keyword, ${name}`, metrics: mean(legs, 'keyword', def, 0), note });
      rows.push({ name: `hybrid ${def.name} ${def.defaultWeight}, ${name}`, metrics: mean(legs, 'hybrid', def, def.defaultWeight), note });
    }
    section('stopwords', 'stop words (keyword-only index per list; hybrid uses the standard semantic leg)', rows);
  }

  if (want('chunk')) {
    const rows: SweepRow[] = [];
    for (const size of [200, 400, 800]) {
      log(`sweep: CHUNK_MAX_CHARS ${size}…`);
      const idx = size === env.config.CHUNK_MAX_CHARS ? state.index : await buildIndex(env, set, { label: `chunk ${size}`, maxChars: size, stopWords: stopWordsFor(env.config.STOP_WORDS), vectors: true });
      const j = size === env.config.CHUNK_MAX_CHARS ? judged : judge(set, idx.chunks).judged;
      const legs = size === env.config.CHUNK_MAX_CHARS ? state.legs : await collectLegs(env, idx.store, set.queries, { window });
      for (const r of standardRows(legs, j, ` @${size} (${idx.chunks.length} chunks)`, idx.chunks)) rows.push({ ...r, note: size === BASELINE.chunkMaxChars ? 'before' : '' });
    }
    section('chunk', 'chunk size CHUNK_MAX_CHARS (new index each; documents judged by their best chunk)', rows);
  }

  if (want('embed')) {
    const variants: [string, ((c: Chunk) => string) | undefined][] = [
      ['title\\nheadings\\ntext (shipped)', undefined],
      ['title: text', (c) => normalizeForMatch(`${c.title}: ${[c.headingPath.filter((h) => h !== c.title).join(' > '), c.text].filter(Boolean).join('\n')}`)],
      ['text only', (c) => normalizeForMatch(c.text)],
    ];
    const rows: SweepRow[] = [];
    for (const [name, embedText] of variants) {
      log(`sweep: embedded text ${name}…`);
      const legs = embedText
        ? await (async () => {
            const idx = await buildIndex(env, set, { label: name, maxChars: env.config.CHUNK_MAX_CHARS, stopWords: stopWordsFor(env.config.STOP_WORDS), vectors: true, embedText });
            return collectLegs(env, idx.store, set.queries, { window });
          })()
        : state.legs;
      rows.push({ name: `semantic, ${name}`, metrics: mean(legs, 'semantic', def, 1) });
      rows.push({ name: `hybrid ${def.name} ${def.defaultWeight}, ${name}`, metrics: mean(legs, 'hybrid', def, def.defaultWeight) });
    }
    section('embed', 'embedded text (indexer/embedding-text.ts; new index per variant)', rows);
  }

  if (want('query')) {
    log('sweep: query normalisation…');
    const legs = await collectLegs(env, state.index.store, set.queries, { window, semantic: false, rewrite: normalizeForMatch });
    const merged = legs.map((l, i) => ({ ...l, semantic: state.legs[i].semantic }));
    section('query', 'query text as sent (the index holds NFKC text; the API sends the query as typed)', [
      { name: 'keyword, query as typed', metrics: mean(state.legs, 'keyword', def, 0), note: 'shipped' },
      { name: 'keyword, query NFKC', metrics: mean(merged, 'keyword', def, 0) },
      { name: `hybrid ${def.name}, query as typed`, metrics: mean(state.legs, 'hybrid', def, def.defaultWeight), note: 'shipped' },
      { name: `hybrid ${def.name}, query NFKC`, metrics: mean(merged, 'hybrid', def, def.defaultWeight) },
    ]);
  }
  return results;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\0') === [...b].sort().join('\0');
}
