import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig } from '../config/index.ts';
import { isKensakuError } from '../errors/kensaku-error.ts';
import { resolveSettings, type Settings } from '../service/settings.ts';
import { UsageError } from './usage-error.ts';
import { CRAWL_OPTIONS } from './crawl-options.ts';

const USAGE = `kensaku — Japanese-first hybrid search

  kensaku serve                         start the API (and Meilisearch, unless MEILI_URL or MEILI_SHARDS is set)
  kensaku index <files|dirs|globs>...   index documents (progress bar, then a summary)
        --dry-run --json                print chunks as JSON lines instead of indexing
        --slugger vitepress|github      whose slugs anchor Markdown headings without {#id} (default vitepress)
  kensaku delete <documentId>           remove a document and its chunks
  kensaku search "<query>" [--mode hybrid|keyword|semantic] [--limit N] [--json]
  kensaku reindex --embeddings          re-embed every stored chunk with the current model
  kensaku synonyms show | load <file>   the keyword leg's synonyms; load replaces them ({"sets": [...], "oneWay": {...}})
  kensaku reshard [--json]              after MEILI_SHARDS changed: move documents to their new shards (progress bar)
  kensaku rebuild [--embeddings] [--json]
                                        after FOLD or READINGS changed: rewrite every chunk into a new index, swapped
                                        in whole (searches go on); --embeddings re-embeds with the current model too
  kensaku crawl <url> [--sitemap] [--include glob]... [--exclude glob]... [--limit N] [--concurrency N]
        [--delay ms] [--tag t]... [--id id] [--content-selector css] [--ignore-selector css]...
        [--slugger vitepress|github] [--user-agent ua] [--recrawl seconds] [--json]
                                        crawl a site (start page, or sitemap) into the index (progress bar)
  kensaku backup <file>                 write everything (chunks, vectors, records, keys, synonyms, sources, tasks)
                                        to one archive while the service keeps serving
  kensaku restore <file>                bring an archive back into an empty data folder or MEILI_URL, no re-embedding
  kensaku migrate [--from-bin <path>]   bring DATA_DIR's Meilisearch database to the binary's version (after an
                                        upgrade moved it); --from-bin: dump with that old binary, import with the new
  kensaku analytics top|no-results|export [--from iso] [--to iso] [--key k] [--origin o] [--limit N]
        [--json] [--format csv|ndjson]  what people searched (default: the last 7 days); export: every hour's counts

Configuration comes from the environment (see docs/configuration.md).`;

type Flags = Record<string, string | boolean | undefined>;
type Command = (settings: Settings, args: string[], flags: Flags) => Promise<number>;
type Options = NonNullable<ParseArgsConfig['options']>;

const flag = { type: 'boolean' } as const;
const value = { type: 'string' } as const;

/** Each command's flags: a flag another command takes is as unknown here as a typo, so it is never silently ignored. */
const commands: Record<string, { options: Options; noArgs?: true; load: () => Promise<Command> }> = {
  serve: { options: {}, noArgs: true, load: async () => (await import('./serve-command.ts')).serveCommand },
  index: {
    options: { 'dry-run': flag, json: flag, slugger: value },
    load: async () => (await import('./index-command.ts')).indexCommand,
  },
  delete: { options: {}, load: async () => (await import('./delete-command.ts')).deleteCommand },
  search: {
    options: { mode: value, limit: value, json: flag },
    load: async () => (await import('./search-command.ts')).searchCommand,
  },
  reindex: {
    options: { embeddings: flag },
    noArgs: true,
    load: async () => (await import('./reindex-command.ts')).reindexCommand,
  },
  synonyms: { options: {}, load: async () => (await import('./synonyms-command.ts')).synonymsCommand },
  reshard: {
    options: { json: flag },
    noArgs: true,
    load: async () => (await import('./reshard-command.ts')).reshardCommand,
  },
  rebuild: {
    options: { embeddings: flag, json: flag },
    noArgs: true,
    load: async () => (await import('./rebuild-command.ts')).rebuildCommand,
  },
  backup: { options: {}, load: async () => (await import('./backup-command.ts')).backupCommand },
  restore: { options: {}, load: async () => (await import('./restore-command.ts')).restoreCommand },
  migrate: {
    options: { 'from-bin': value },
    noArgs: true,
    load: async () => (await import('./migrate-command.ts')).migrateCommand,
  },
  analytics: {
    options: { from: value, to: value, key: value, origin: value, limit: value, format: value, json: flag },
    load: async () => (await import('./analytics-command.ts')).analyticsCommand,
  },
  crawl: { options: CRAWL_OPTIONS, load: async () => (await import('./crawl-command.ts')).crawlCommand as Command },
};

async function main(argv: string[]): Promise<number> {
  // The command comes first (`kensaku <command> ...`); flags before it are read with its own.
  const at = argv.findIndex((a) => !a.startsWith('-'));
  const name = at < 0 ? undefined : argv[at];
  const spec = name === undefined ? undefined : commands[name];
  if (!spec) {
    if (name === undefined && argv.every((a) => a === '--help' || a === '-h')) return help();
    throw new UsageError(
      name === undefined
        ? `unknown option ${argv[0]}; name a command first`
        : `unknown command ${JSON.stringify(name)}`,
    );
  }
  const options: Options = { ...spec.options, help: { type: 'boolean', short: 'h' } };
  const rest = argv.filter((_, i) => i !== at);
  const { positionals, values } = parseFlags(name!, rest, options);
  if (values.help) return help();
  if (spec.noArgs && positionals.length > 0)
    throw new UsageError(`kensaku ${name}: takes no arguments (got ${JSON.stringify(positionals[0])})`);
  const command = await spec.load();
  // Only crawl's list flags are `multiple` (string[]); its command reads them as such.
  return command(resolveSettings(loadConfig()), positionals, values as Flags);
}

/** node:util's strict parse, its errors (unknown flag, missing value) turned into one line naming the command. */
function parseFlags(name: string, args: string[], options: Options) {
  try {
    return parseArgs({ args, allowPositionals: true, strict: true, options });
  } catch (e) {
    const { code, message } = e as { code?: string; message: string };
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const given = /Unknown option '([^']+)'/.exec(message)?.[1] ?? message;
      const known = Object.keys(options).map((o) => `--${o}`);
      const near = known.find((o) => editDistance(o, given.split('=')[0]) <= 2);
      throw new UsageError(`kensaku ${name}: unknown option ${given}${near ? ` (did you mean ${near}?)` : ''}`);
    }
    if (code?.startsWith('ERR_PARSE_ARGS_')) throw new UsageError(`kensaku ${name}: ${message}`);
    throw e;
  }
}

function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

function help(): number {
  console.log(USAGE);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    if (e instanceof UsageError) {
      console.error(`${e.message.startsWith('kensaku') ? '' : 'kensaku: '}${e.message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(`kensaku: ${isKensakuError(e) ? e.message : ((e as Error).stack ?? e)}`);
    process.exit(1);
  },
);
