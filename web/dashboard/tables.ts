import type { QueryTotals } from '../../domain/analytics.ts';
import { count, percent, position } from './format.ts';

// The query tables. Every query is a link that runs it on the search page; text goes in with textContent only.

interface Column {
  label: string;
  cell: (r: QueryTotals) => string;
}

const COLUMNS: Record<'top' | 'noResults' | 'lowCtr', Column[]> = {
  top: [
    { label: '検索数', cell: (r) => count(r.searches) },
    { label: '結果 0 件', cell: (r) => count(r.zeroHits) },
    { label: 'クリック', cell: (r) => count(r.clicks) },
    { label: 'クリック率', cell: (r) => percent(r.clickThrough) },
    { label: '平均クリック位置', cell: (r) => position(r.meanClickPosition) },
  ],
  noResults: [
    { label: '結果 0 件', cell: (r) => count(r.zeroHits) },
    { label: '検索数', cell: (r) => count(r.searches) },
  ],
  lowCtr: [
    { label: '検索数', cell: (r) => count(r.searches) },
    { label: '平均ヒット数', cell: (r) => String(Math.round(r.meanHits * 10) / 10) },
    { label: 'クリック率', cell: (r) => percent(r.clickThrough) },
  ],
};

/** The search page's URL for a query (?q=, web/app/url-state.ts), with the dashboard's ?key= when it has one. */
export function searchPageUrl(query: string, key: string): string {
  const p = new URLSearchParams({ q: query });
  if (key) p.set('key', key);
  return `/?${p}`;
}

export function renderTable(
  table: HTMLTableElement,
  kind: keyof typeof COLUMNS,
  rows: QueryTotals[],
  key: string,
  empty: string,
): void {
  const columns = COLUMNS[kind];
  table.textContent = '';
  const head = table.createTHead().insertRow();
  for (const label of ['検索語', ...columns.map((c) => c.label)]) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = label;
    head.appendChild(th);
  }
  const body = table.createTBody();
  if (!rows.length) {
    const cell = body.insertRow().insertCell();
    cell.colSpan = columns.length + 1;
    cell.className = 'queries-empty';
    cell.textContent = empty;
    return;
  }
  for (const r of rows) {
    const row = body.insertRow();
    row.setAttribute('data-testid', 'query-row');
    row.setAttribute('data-query', r.query);
    const th = document.createElement('th');
    th.scope = 'row';
    const a = document.createElement('a');
    a.href = searchPageUrl(r.query, key);
    a.textContent = r.query || '(空の検索)';
    a.setAttribute('data-testid', 'query-link');
    th.appendChild(a);
    row.appendChild(th);
    for (const c of columns) {
      const td = row.insertCell();
      td.className = 'num';
      td.textContent = c.cell(r);
    }
  }
}
