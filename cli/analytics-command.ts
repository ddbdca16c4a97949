import { analyticsQuerySchema } from '../api/analytics-schemas.ts';
import { isKensakuError } from '../errors/kensaku-error.ts';
import { analyticsOf } from '../service/analytics.ts';
import { analyticsRange } from '../service/analytics-range.ts';
import type { QueryTotals } from '../domain/analytics.ts';
import { createLogger } from '../service/logger.ts';
import { openCore } from '../service/open-core.ts';
import type { Settings } from '../service/settings.ts';
import { UsageError } from './usage-error.ts';

type Flags = Record<string, string | boolean | undefined>;

const VIEWS = ['top', 'no-results', 'export'] as const;

/**
 * `kensaku analytics top|no-results|export`: the same views as GET /analytics/…, read from what the servers wrote
 * (each server's last ANALYTICS_FLUSH_MS may not be in yet). Opens Meilisearch only, no model.
 */
export async function analyticsCommand(settings: Settings, args: string[], flags: Flags): Promise<number> {
  const view = args[0] as (typeof VIEWS)[number];
  if (args.length !== 1 || !VIEWS.includes(view))
    throw new UsageError(`kensaku analytics: name one view: ${VIEWS.join(', ')}`);
  const format = flags.format ?? 'csv';
  if (format !== 'csv' && format !== 'ndjson') throw new UsageError('kensaku analytics: --format csv or ndjson');
  const parsed = analyticsQuerySchema.safeParse({
    from: flags.from,
    to: flags.to,
    key: flags.key,
    origin: flags.origin,
    limit: flags.limit,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`kensaku analytics: --${String(issue.path[0])}: ${issue.message}`);
  }
  let range: ReturnType<typeof analyticsRange>;
  try {
    range = analyticsRange(parsed.data);
  } catch (e) {
    if (isKensakuError(e)) throw new UsageError(`kensaku analytics: ${e.message}`);
    throw e;
  }
  const core = await openCore({
    settings,
    logger: createLogger(settings.logLevel === 'info' ? 'warn' : settings.logLevel, 2),
    separateIndexer: false,
    embeddings: false,
  });
  try {
    const { report } = analyticsOf(core);
    if (view === 'export') {
      const rows = await report.rows(range);
      if (format === 'ndjson') for (const r of rows) console.log(JSON.stringify(r));
      else {
        console.log(EXPORT_COLUMNS.join(','));
        for (const r of rows)
          console.log(EXPORT_COLUMNS.map((c) => csvCell(c === 'positions' ? JSON.stringify(r[c]) : r[c])).join(','));
      }
      return 0;
    }
    const options = { ...range, limit: parsed.data.limit };
    const queries = view === 'top' ? await report.top(options) : await report.noResults(options);
    if (flags.json) console.log(JSON.stringify(queries, null, 2));
    else printQueries(queries, view);
    return 0;
  } finally {
    await core.close();
  }
}

const EXPORT_COLUMNS = [
  'bucket',
  'query',
  'mode',
  'key',
  'origin',
  'searches',
  'zeroHits',
  'hits',
  'latencyMs',
  'clicks',
  'conversions',
  'positionSum',
  'positions',
] as const;

/**
 * RFC 4180 quoting; a cell a spreadsheet would run as a formula (=, +, -, @ first: queries are what anyone typed)
 * gets a leading apostrophe.
 */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function printQueries(queries: QueryTotals[], view: string) {
  if (!queries.length) {
    console.log(view === 'top' ? 'no searches in this range' : 'no query without results in this range');
    return;
  }
  console.log('searches  zero hits  clicks  click-through  query');
  for (const q of queries) {
    const ctr = q.clickThrough === null ? '-' : `${(q.clickThrough * 100).toFixed(1)}%`;
    console.log(
      `${String(q.searches).padStart(8)}  ${String(q.zeroHits).padStart(9)}  ${String(q.clicks).padStart(6)}  ${ctr.padStart(13)}  ${q.query}`,
    );
  }
}
