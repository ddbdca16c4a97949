import type { Charts } from './charts.ts';
import { captionOf, type DashboardElements } from './dom.ts';
import { count, ctrCaption, percent, position, searchesCaption } from './format.ts';
import type { DashboardData } from './load.ts';
import { hourlySeries } from './range.ts';
import { renderTable } from './tables.ts';

// Renders one loaded view: the totals, the charts with their captions, the tables.

function renderTotals(box: HTMLElement, d: DashboardData): void {
  const items: Array<[string, string, string]> = [
    ['searches', '検索数', count(d.searches.searches)],
    [
      'zero-hits',
      '結果 0 件',
      `${count(d.searches.zeroHits)} (${percent(d.searches.searches ? d.searches.zeroHits / d.searches.searches : null)})`,
    ],
    ['clicks', 'クリック', count(d.clicks.clicks)],
    ['click-through', 'クリック率', percent(d.clicks.clickThrough)],
    ['mean-position', '平均クリック位置', position(d.clicks.meanClickPosition)],
  ];
  box.textContent = '';
  for (const [id, label, value] of items) {
    const item = document.createElement('div');
    item.className = 'total';
    item.setAttribute('data-testid', `total-${id}`);
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = value;
    item.append(dt, dd);
    box.appendChild(item);
  }
}

export function renderDashboard(els: DashboardElements, charts: Charts, d: DashboardData, linkKey: string): void {
  renderTotals(els.totals, d);
  const series = hourlySeries(d.from, d.searches.buckets, d.searches.bucketMs);
  charts.draw(series);
  captionOf(els.searchesFigure).textContent = searchesCaption(series);
  captionOf(els.ctrFigure).textContent = ctrCaption(series, d.clicks);
  els.searchesFigure.setAttribute('data-total', String(d.searches.searches));
  els.ctrFigure.setAttribute('data-clicks', String(d.clicks.clicks));
  renderTable(els.top, 'top', d.top.queries, linkKey, 'この期間の検索はありません');
  renderTable(els.noResults, 'noResults', d.noResults.queries, linkKey, '結果 0 件の検索はありません');
  renderTable(els.lowCtr, 'lowCtr', d.lowCtr.queries, linkKey, '該当する語はありません');
}
