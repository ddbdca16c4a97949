// `npm run bench:embed`: embedding throughput on the JSQuAD passages, every variant side by side in ONE run.
//
// The passages are the chunk texts the indexer itself embeds (chunkDocument + embeddingText of each paragraph),
// so raw runtimes, our embedders and end-to-end indexing all do the same work. On a noisy 2-core machine, running
// variants one after another would hand each a different share of the CPU, so the corpus is cut into rounds and
// every variant embeds the same round before the next round starts (the order rotates each round). Rates are
// totals over all rounds; per-round ratios show how much the noise moved them.
//
//   npm run bench:embed [-- --limit N] [--rounds R] [--variants a,b] [--no-anchors] [--max-minutes M]
//
// This file is the CLI only. The bench lives in tools/bench/embed/: setup.ts loads the variants (variants/: anchors,
// our embedders, end to end), rounds.ts runs them, aggregate.ts totals, report.ts prints.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { embedTables } from './embed/report.ts';
import { runEmbedBench } from './embed/run.ts';
import { intFlag, parseFlags } from '../lib/args.ts';
import { heading } from '../lib/format.ts';
import { writeJson } from '../lib/results.ts';

export const ALL_VARIANTS = [
  'py-ort-single',
  'py-ort-sorted16',
  'py-ort-par',
  'local-b1',
  'pool-b1',
  'e2e-cli',
  'e2e-cli-inline',
  'e2e-worker',
  'e2e-no-meili',
  'e2e-cli-1x2',
] as const;

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), {
    limit: { type: 'string' },
    rounds: { type: 'string' },
    variants: { type: 'string' },
    'no-anchors': { type: 'boolean' },
    'max-minutes': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    console.log(
      `npm run bench:embed -- [--limit N] [--rounds R] [--variants ${ALL_VARIANTS.join(',')}] [--no-anchors] [--max-minutes M]`,
    );
    return;
  }
  const variants =
    typeof flags.variants === 'string' ? flags.variants.split(',').map((s) => s.trim()) : [...ALL_VARIANTS];
  const unknown = variants.filter((v) => !(ALL_VARIANTS as readonly string[]).includes(v));
  if (unknown.length) throw new Error(`unknown variants: ${unknown.join(', ')}; known: ${ALL_VARIANTS.join(', ')}`);
  const log = (s: string) => console.error(s);
  const res = await runEmbedBench({
    limit: flags.limit ? intFlag(flags.limit, 1145, 'limit') : undefined,
    rounds: intFlag(flags.rounds, 6, 'rounds'),
    variants,
    anchors: !flags['no-anchors'],
    maxMinutes: intFlag(flags['max-minutes'], 45, 'max-minutes'),
    log,
  });
  console.log(heading('embedding throughput (npm run bench:embed)'));
  console.log(embedTables(res));
  const { e2eCore: _unused, ...json } = res;
  const file = writeJson('embed', {
    kind: 'bench:embed',
    date: new Date().toISOString(),
    node: process.version,
    args: process.argv.slice(2),
    ...json,
  });
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
