import { parseArgs } from 'node:util';
import { loadConfig } from '../config/index.ts';
import { isKensakuError } from '../errors/kensaku-error.ts';
import { resolveSettings, type Settings } from '../service/settings.ts';

const USAGE = `kensaku — Japanese-first hybrid search

  kensaku serve                         start the API (and Meilisearch, unless MEILI_URL or MEILI_SHARDS is set)
  kensaku index <files|dirs|globs>...   index documents (progress bar, then a summary)
        --dry-run --json                print chunks as JSON lines instead of indexing
  kensaku delete <documentId>           remove a document and its chunks
  kensaku search "<query>" [--mode hybrid|keyword|semantic] [--limit N] [--json]
  kensaku reindex --embeddings          re-embed every stored chunk with the current model
  kensaku synonyms show | load <file>   the keyword leg's synonyms; load replaces them ({"sets": [...], "oneWay": {...}})
  kensaku reshard [--json]              after MEILI_SHARDS changed: move documents to their new shards (progress bar)

Configuration comes from the environment (see README).`;

type Command = (settings: Settings, args: string[], flags: Record<string, string | boolean | undefined>) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./serve-command.ts')).serveCommand,
  index: async () => (await import('./index-command.ts')).indexCommand,
  delete: async () => (await import('./delete-command.ts')).deleteCommand,
  search: async () => (await import('./search-command.ts')).searchCommand,
  reindex: async () => (await import('./reindex-command.ts')).reindexCommand,
  synonyms: async () => (await import('./synonyms-command.ts')).synonymsCommand,
  reshard: async () => (await import('./reshard-command.ts')).reshardCommand,
};

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
      embeddings: { type: 'boolean' },
      mode: { type: 'string' },
      limit: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [name, ...args] = positionals;
  if (!name || values.help || !commands[name]) {
    (name && !values.help ? console.error : console.log)(USAGE);
    return name && !values.help ? 2 : 0;
  }
  const command = await commands[name]();
  return command(resolveSettings(loadConfig()), args, values);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    console.error(`kensaku: ${isKensakuError(e) ? e.message : (e as Error).stack ?? e}`);
    process.exit(1);
  },
);
