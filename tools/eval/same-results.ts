// Whether a change kept every search's result: the same queries through this tree's engine and another checkout's
// (e.g. the commit before a speed-up), on one index and one query vector each (the query LRU hands the second
// search the first one's vector), whole responses compared but for their timings. Eval figures cannot show this:
// the model's vectors differ slightly from one indexing run to the next, and so do semantic and hybrid scores.
//
//   node --import tsx tools/eval/same-results.ts --against DIR --data-dir DIR [--queries 300]
// DIR of --data-dir: a JSQuAD DATA_DIR, e.g. one `tools/bench/profile.ts` indexed.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { searchParamsSchema } from '../../api/search-schemas.ts';
import { runSearch } from '../../search/run-search.ts';
import { searchSettings } from '../../search/search-settings.ts';
import { intFlag, parseFlags } from '../lib/args.ts';
import { openJsquadCore } from '../lib/jsquad-index.ts';
import { loadQueries } from '../lib/jsquad.ts';
import { SHARED } from '../lib/paths.ts';

const flags = parseFlags(process.argv.slice(2), {
  against: { type: 'string' },
  'data-dir': { type: 'string' },
  queries: { type: 'string' },
});
if (!flags.against || !flags['data-dir']) throw new Error('--against DIR and --data-dir DIR are required');
const other = path.resolve(flags.against as string);
const theirs = {
  settings: (await import(path.join(other, 'search', 'search-settings.ts'))).searchSettings as typeof searchSettings,
  run: (await import(path.join(other, 'search', 'run-search.ts'))).runSearch as typeof runSearch,
};

const core = await openJsquadCore(flags['data-dir'] as string);
const ours = { store: core.store, semantic: core.semantic, ...searchSettings(core.settings.search) };
const against = { store: core.store, semantic: core.semantic, ...theirs.settings(core.settings.search) };
const seed = readFileSync(path.join(SHARED, 'eval', 'seed-queries.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { query: string }).query);
// JSQuAD questions, the seed queries, and a kana, a romaji and two English queries (readings, the lexicon).
const queries = [
  ...loadQueries().slice(0, intFlag(flags.queries, 300, 'queries')),
  ...seed,
  'ふてんま',
  'futenma',
  'TPP negotiations',
  'Japan US alliance',
];
const timeless = (r: object) => JSON.stringify({ ...r, processingTimeMs: null, cached: null });
let same = 0;
const differ: string[] = [];
for (const q of queries) {
  for (const mode of ['hybrid', 'keyword', 'semantic'] as const) {
    const params = searchParamsSchema.parse({ q, mode });
    const a = timeless(await theirs.run(against, params));
    const b = timeless(await runSearch(ours, params));
    if (a === b) same++;
    else differ.push(`${mode} ${q}`);
  }
}
console.log(`identical responses ${same} of ${same + differ.length} (${queries.length} queries × 3 modes)`);
for (const d of differ.slice(0, 10)) console.log(`  differs: ${d}`);
await core.close();
process.exit(differ.length ? 1 : 0);
