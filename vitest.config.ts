import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// Test files are split into four projects by what they need. A file goes in ONE list below; a file in no list is an
// integration test (the safe default: it gets the Meilisearch). `npm run test:unit` runs `unit` alone; `npm test`
// runs all four, and any other project alone with `npx vitest run --project <name>`.
//   unit         needs no Meilisearch, no model files and no Chromium: pure functions, local HTTP stubs, esbuild.
//   integration  the real service in process: the run's Meilisearch through the API/store, and the real model.
//   process      spawns `kensaku` or Meilisearch processes (and kills them, some with -9).
//   browser      drives Chromium against the real service.
// integration, process and browser share ONE Meilisearch per run (tests/setup/meili-global.ts), started only when
// a file of theirs runs.

const UNIT = [
  'answer',
  'bench-zipf-stream',
  'client-error',
  'config',
  'crawler',
  'crawler-safety',
  'dashboard-series',
  'docs-configuration',
  'embeddings-openai',
  'errors',
  'eval-judging',
  'fold',
  'highlight',
  'import-cycles',
  'indexer-chunker',
  'indexer-decode',
  'indexer-formats',
  'indexer-html',
  'indexer-markdown',
  'indexer-sources',
  'indexer-structure',
  'instantsearch-adapter',
  'lexicon',
  'lexicon-corpus',
  'placement',
  'priority-lanes',
  'reading-segment',
  'relevance-floor-rule',
  'rerank',
  'settings',
  'web-bundle',
  'web-messages',
  'web-safe-html',
];

const PROCESS = [
  'analytics-processes',
  'analytics-cli',
  'backup-restore',
  'bad-input',
  'bench-smoke',
  'cli',
  'cli-slugger',
  'crawler-process',
  'data-dir-owner',
  'disk-full',
  'durability',
  'eval-harness',
  'lifecycle',
  'meili-down',
  'meili-supervision',
  'meili-upgrade',
  'readme-tour',
  'rebuild-process',
  'rebuild-shards',
  'service-process',
  'shards',
  'soak',
  'store-transport',
  'two-processes',
];

const BROWSER = ['browser', 'browser-dashboard', 'browser-examples', 'browser-suggest-clicks', 'instantsearch'];

const files = (names: string[]) => names.map((n) => `tests/${n}.test.ts`);
const listed = [...UNIT, ...PROCESS, ...BROWSER];
for (const file of files(listed)) {
  if (!existsSync(new URL(file, import.meta.url)))
    throw new Error(`vitest.config.ts lists ${file}, which does not exist`);
}

// The model and the run's Meilisearch each want a core: two forks at most, shared by every project (the forks pool
// is one pool for the whole run, sized here at the root).
const withMeili = { globalSetup: ['tests/setup/meili-global.ts'], testTimeout: 120_000, hookTimeout: 180_000 };

export default defineConfig({
  test: {
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    projects: [
      { extends: true, test: { name: 'unit', include: files(UNIT), testTimeout: 30_000, hookTimeout: 60_000 } },
      {
        extends: true,
        test: { name: 'integration', include: ['tests/*.test.ts'], exclude: files(listed), ...withMeili },
      },
      { extends: true, test: { name: 'process', include: files(PROCESS), ...withMeili } },
      { extends: true, test: { name: 'browser', include: files(BROWSER), ...withMeili } },
    ],
  },
});
