import type { ClickTotals } from '../../domain/analytics.ts';
import { type QueriesView, readView, type SearchesView } from './api.ts';
import type { Scope } from './scope.ts';

// What one view of the dashboard reads: the range's searches for everyone (the switch's keys and origins) and, for
// the chosen scope, its hourly searches, clicks and the three query lists; all at once, all or nothing.

export interface DashboardData {
  from: Date;
  /** Unscoped: the keys and origins seen in the range. */
  all: SearchesView;
  searches: SearchesView;
  clicks: ClickTotals;
  top: QueriesView;
  noResults: QueriesView;
  lowCtr: QueriesView;
}

export const TABLE_LIMIT = 20;

export async function loadDashboard(from: Date, scope: Scope | null, key: string): Promise<DashboardData> {
  const p = { from: from.toISOString(), scope };
  const list = { ...p, limit: TABLE_LIMIT };
  const [all, searches, clicks, top, noResults, lowCtr] = await Promise.all([
    readView<SearchesView>('searches', { ...p, scope: null }, key),
    scope ? readView<SearchesView>('searches', p, key) : null,
    readView<ClickTotals>('clicks', p, key),
    readView<QueriesView>('top', list, key),
    readView<QueriesView>('no-results', list, key),
    readView<QueriesView>('low-ctr', list, key),
  ]);
  return { from, all, searches: searches ?? all, clicks, top, noResults, lowCtr };
}
