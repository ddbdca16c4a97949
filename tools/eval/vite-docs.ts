/**
 * Page-level retrieval on the Japanese Vite docs (../shared/eval/vite-docs-ja, see its README); `npm run eval -- --set
 * vite-docs` measures the same set with per-kind figures and native hybrid, this script its extraction variants:
 * `node --import tsx tools/eval/vite-docs.ts [--html] [--dir <set>] [--embed-code default|no-lead|full|context] [--lines]
 * [--per-query]`.
 * Indexes site/*.md (or, with --html, the built html/*.html) through the product's parser and pipeline into a
 * fresh index, ranks pages by their best chunk and prints nDCG@10, MRR@10, R@10 and top-3 for keyword, semantic
 * and the default hybrid. `--lines` chunks the extracted text by the plain-text line rules instead of its structure.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { embeddingText } from '../../indexer/chunker.ts';
import { fusionFunctions } from '../../search/fusion/index.ts';
import { configuredReranker } from '../../search/rerank/index.ts';
import { stopWordsFor } from '../../text/stop-words.ts';
import type { Chunk } from '../../domain/documents.ts';
import { loadViteDocs, SHARED_EVAL, type EvalSet } from './datasets.ts';
import {
  buildIndex,
  collectLegs,
  DEFAULT_CACHE_DIR,
  embedQueries,
  firstRanks,
  judge,
  lexicalFor,
  openEvalEnv,
  rankIds,
  rerankQueries,
  score,
  type Mode,
} from './harness.ts';
import { metricsTable } from './report.ts';

/** Alternatives to what the embedding reads of a code chunk (default: the product's embeddingText, lead + head). */
const CODE_EMBED: Record<string, ((chunk: Chunk) => string) | undefined> = {
  default: undefined,
  'no-lead': (c) => embeddingText({ ...c, lead: undefined }),
  full: (c) => embeddingText({ ...c, code: undefined }),
  context: (c) => (c.code ? embeddingText({ ...c, text: '' }) : embeddingText(c)),
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      html: { type: 'boolean', default: false },
      dir: { type: 'string', default: path.join(SHARED_EVAL, 'vite-docs-ja') },
      'embed-code': { type: 'string', default: 'default' },
      'per-query': { type: 'boolean', default: false },
      lines: { type: 'boolean', default: false },
    },
  });
  const dir = path.resolve(values.dir!);
  if (!(values['embed-code']! in CODE_EMBED))
    throw new Error(`--embed-code: one of ${Object.keys(CODE_EMBED).join(', ')}`);
  const loaded = await loadViteDocs(dir, { html: values.html });
  const documents = loaded.documents.map((d) => (values.lines ? { ...d, blocks: undefined } : d));
  const queries = loaded.queries;
  const set: EvalSet = { ...loaded, name: 'vite-docs-ja', documents };
  const env = await openEvalEnv({ env: process.env, cacheDir: DEFAULT_CACHE_DIR });
  try {
    const started = performance.now();
    const index = await buildIndex(env, set, {
      label: 'vite-docs',
      maxChars: env.config.CHUNK_MAX_CHARS,
      stopWords: stopWordsFor(env.config.STOP_WORDS),
      vectors: true,
      embedText: CODE_EMBED[values['embed-code']!],
    });
    console.error(
      `${documents.length} pages, ${index.chunks.length} chunks indexed in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    await embedQueries(env, queries, DEFAULT_CACHE_DIR);
    const { judged } = judge(set, index.chunks);
    const legs = await collectLegs(env, index.store, queries, { window: env.config.SEARCH_WINDOW });
    const fusion = fusionFunctions[env.config.FUSION];
    const reranker = configuredReranker(env.core.settings.search.rerank);
    const lexical = lexicalFor(rerankQueries(set, env), index.chunks);
    const rank = (mode: Mode) =>
      legs.map((l, i) =>
        rankIds(
          l,
          'document',
          mode,
          fusion,
          mode === 'keyword' ? 0 : mode === 'semantic' ? 1 : fusion.defaultWeight,
          mode === 'hybrid' ? lexical(i, reranker) : lexical(i, null),
        ),
      );
    const rows = (['keyword', 'semantic', 'hybrid'] as Mode[]).map((mode) => {
      const rankings = rank(mode);
      const top = firstRanks(judged, rankings, 1);
      const top3 = top.filter((r) => r !== null && r <= 3).length;
      if (values['per-query'])
        for (const [i, q] of queries.entries())
          console.error(
            `${mode} ${q.id} ${q.kind} first relevant @${top[i] ?? '-'} ${rankings[i].slice(0, 3).join(' ')}`,
          );
      return { name: mode, metrics: score(judged, rankings).mean, extra: [`${top3}/${queries.length}`] };
    });
    console.log(
      `vite-docs-ja ${values.html ? 'html' : 'markdown'}: ${documents.length} pages, ${index.chunks.length} chunks, ${queries.length} queries (embed-code ${values['embed-code']})`,
    );
    console.log(metricsTable(rows, ['top-3']));
  } finally {
    await env.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`vite-docs: ${(e as Error).stack ?? e}`);
    process.exit(1);
  },
);
