import { searchParamsSchema } from '../api/search-schemas.ts';
import { searchSettings } from '../search/search-settings.ts';
import { runSearch } from '../search/run-search.ts';
import { createLogger } from '../service/logger.ts';
import { openCore } from '../service/open-core.ts';
import type { Settings } from '../service/settings.ts';
import { UsageError } from './usage-error.ts';

type Flags = Record<string, string | boolean | undefined>;

/** `kensaku search "<q>"`: the same search and hits as GET /search, printed. `--mode keyword` loads no model. */
export async function searchCommand(settings: Settings, args: string[], flags: Flags): Promise<number> {
  const parsed = searchParamsSchema.safeParse({ q: args.join(' '), mode: flags.mode, limit: flags.limit });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0] ?? 'q');
    throw new UsageError(`kensaku search: ${name === 'q' ? 'the query' : `--${name}`}: ${issue.message}`);
  }
  const params = parsed.data;
  const core = await openCore({
    settings,
    logger: createLogger(settings.logLevel === 'info' ? 'warn' : settings.logLevel, 2),
    separateIndexer: false,
    embeddings: params.mode !== 'keyword',
  });
  try {
    const res = await runSearch(
      { store: core.store, semantic: core.semantic, ...searchSettings(settings.search) },
      params,
    );
    if (flags.json) {
      console.log(JSON.stringify(res, null, 2));
      return 0;
    }
    if (res.degraded.length) console.error(`degraded: ${res.warnings.semantic}`);
    res.hits.forEach((h, i) => {
      const legs = [
        h.explain.keyword && `keyword #${h.explain.keyword.rank}`,
        h.explain.semantic && `semantic #${h.explain.semantic.rank}`,
      ]
        .filter(Boolean)
        .join(', ');
      console.log(`${i + 1}. [${h.score.toFixed(3)}] ${h.title} › ${h.headingPath.join(' › ')}  (${legs})`);
      console.log(`   ${h.text.slice(0, 120)}`);
      if (h.url) console.log(`   ${h.url}`);
      if (h.answer && h.answer.score > 0) console.log(`   answer: ${h.answer.text}`);
    });
    if (!res.hits.length) console.log('no hits');
    return 0;
  } finally {
    await core.close();
  }
}
