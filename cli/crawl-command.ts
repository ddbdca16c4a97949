import type { TaskRecord } from '../domain/tasks.ts';
import { createCoreQueue } from '../service/core-queue.ts';
import { createLogger } from '../service/logger.ts';
import { openCore } from '../service/open-core.ts';
import type { Settings } from '../service/settings.ts';
import { sourceStoreOf } from '../service/source-store.ts';
import { createSourcesService, type SourceInput } from '../service/sources-service.ts';
import { sluggerFlag } from './crawl-options.ts';
import { followTask } from './follow-task.ts';
import { stderrBar } from './progress.ts';
import { UsageError } from './usage-error.ts';

/** Values of this command's flags: `--include`, `--exclude`, `--tag` and `--ignore-selector` may be given again. */
type Flags = Record<string, string | boolean | string[] | undefined>;

const list = (v: Flags[string]) => (v === undefined || typeof v === 'boolean' ? undefined : Array.isArray(v) ? v : [v]);

function integer(flags: Flags, name: string, min: number, max: number): number | undefined {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(n) || n < min || n > max)
    throw new UsageError(
      `kensaku crawl: --${name} takes a whole number from ${min} to ${max} (got ${JSON.stringify(raw)})`,
    );
  return n;
}

/** The source a command line describes; the spec's own checks (URL, globs, selectors) run when it is stored. */
export function sourceFromFlags(args: string[], flags: Flags): SourceInput {
  if (args.length !== 1) throw new UsageError('kensaku crawl: name one start URL (or sitemap URL with --sitemap)');
  const contentSelector = typeof flags['content-selector'] === 'string' ? flags['content-selector'] : undefined;
  const ignoreSelectors = list(flags['ignore-selector']);
  const slugger = sluggerFlag('crawl', flags.slugger);
  return {
    url: args[0],
    ...(typeof flags.id === 'string' ? { id: flags.id } : {}),
    ...(flags.sitemap ? { sitemap: true } : {}),
    include: list(flags.include),
    exclude: list(flags.exclude),
    limit: integer(flags, 'limit', 1, 1_000_000),
    concurrency: integer(flags, 'concurrency', 1, 32),
    delayMs: integer(flags, 'delay', 0, 60_000),
    tags: list(flags.tag),
    ...(contentSelector || ignoreSelectors || slugger
      ? { extraction: { contentSelector, ignoreSelectors, slugger } }
      : {}),
    ...(typeof flags['user-agent'] === 'string' ? { userAgent: flags['user-agent'] } : {}),
    recrawlSeconds: integer(flags, 'recrawl', 1, 31_536_000),
  };
}

/** Pages settled of pages found so far (the total grows as links are found), with the counts beside. */
function crawlProgressBar(enabled: boolean) {
  if (!enabled) return { update: (_t: TaskRecord) => {}, stop: () => {} };
  const bar = stderrBar(
    'crawling [{bar}] {value}/{total} pages | {added} added | {updated} updated | {unchanged} unchanged | {failed} failed',
  );
  let begun = false;
  return {
    update(t: TaskRecord) {
      const counts = {
        added: t.counts.added,
        updated: t.counts.updated,
        unchanged: t.counts.unchanged,
        failed: t.counts.failed,
      };
      const total = Math.max(1, t.progress.documentsTotal, t.progress.documentsDone);
      if (!begun) {
        bar.start(total, 0, counts);
        begun = true;
      }
      bar.setTotal(total);
      bar.update(t.progress.documentsDone, counts);
    },
    stop: () => begun && bar.stop(),
  };
}

/**
 * `kensaku crawl <url>`: stores the source and crawls it as a durable task, like POST /sources. A server on the same
 * Meilisearch that holds the queue runs it (this command then only follows it); a crawl cut short resumes on the
 * next run of the queue, from its last checkpoint. Exit 1 if any page failed.
 */
export async function crawlCommand(settings: Settings, args: string[], flags: Flags): Promise<number> {
  const input = sourceFromFlags(args, flags);
  const core = await openCore({ settings, logger: createLogger(settings.logLevel, 2), separateIndexer: false });
  const tasks = createCoreQueue(core);
  try {
    const sources = createSourcesService(sourceStoreOf(core), tasks);
    const { source, task: enqueued } = await sources.crawl(input);
    const bar = crawlProgressBar(process.stderr.isTTY === true && !flags.json);
    tasks.start();
    const task = await followTask(tasks, enqueued.id, (t) => bar.update(t));
    bar.stop();
    const counts = {
      seen: task.counts.seen ?? 0,
      added: task.counts.added,
      updated: task.counts.updated,
      unchanged: task.counts.unchanged,
      deleted: task.counts.deleted,
      failed: task.counts.failed,
      skipped: task.counts.skipped ?? 0,
    };
    const failures = task.errors.map((e) => ({ url: e.documentId, reason: e.message }));
    if (flags.json) console.log(JSON.stringify({ source: source.sourceId, status: task.status, counts, failures }));
    else {
      console.log(
        `${source.sourceId}: ${Object.entries(counts)
          .map(([k, v]) => `${k} ${v}`)
          .join(' | ')}`,
      );
      for (const f of failures) console.error(`failed: ${f.url}: ${f.reason}`);
    }
    return task.status === 'succeeded' && failures.length === 0 ? 0 : 1;
  } finally {
    await tasks.stop();
    await core.close();
  }
}
