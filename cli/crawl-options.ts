import { SLUGGER_KINDS, type SluggerKind } from '../indexer/formats/slug.ts';
import { UsageError } from './usage-error.ts';

/** The flags `kensaku crawl` takes, apart from the command so main.ts reads them without loading it. */
export const CRAWL_OPTIONS = {
  sitemap: { type: 'boolean' },
  include: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  limit: { type: 'string' },
  concurrency: { type: 'string' },
  delay: { type: 'string' },
  tag: { type: 'string', multiple: true },
  id: { type: 'string' },
  'content-selector': { type: 'string' },
  'ignore-selector': { type: 'string', multiple: true },
  slugger: { type: 'string' },
  'user-agent': { type: 'string' },
  recrawl: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** `--slugger` of `kensaku index` and `kensaku crawl`: whose slugs anchor a Markdown heading without `{#id}`. */
export function sluggerFlag(command: string, raw: string | boolean | string[] | undefined): SluggerKind | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !SLUGGER_KINDS.includes(raw as SluggerKind))
    throw new UsageError(
      `kensaku ${command}: --slugger takes ${SLUGGER_KINDS.join(' or ')} (got ${JSON.stringify(raw)})`,
    );
  return raw as SluggerKind;
}
