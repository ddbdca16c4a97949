import type { ClickTotals } from '../../domain/analytics.ts';
import type { Series } from './range.ts';

// Numbers and the charts' text alternatives, in Japanese.

const num = new Intl.NumberFormat('ja-JP');
const when = new Intl.DateTimeFormat('ja-JP', { month: 'numeric', day: 'numeric', hour: 'numeric' });

export const count = (n: number) => num.format(n);

/** A rate (0–1) as a percent with one decimal; '—' when undefined (no searches). */
export const percent = (r: number | null) => (r === null ? '—' : `${Math.round(r * 1000) / 10}%`);

export const position = (p: number | null) => (p === null ? '—' : `${Math.round(p * 10) / 10} 位`);

function busiest(times: number[], values: number[]): string {
  let best = -1;
  for (let i = 0; i < values.length; i++) if (best < 0 || values[i] > values[best]) best = i;
  return best < 0 || !values[best]
    ? ''
    : `、最も多いのは ${when.format(new Date(times[best] * 1000))}台の ${count(values[best])} 回`;
}

export function searchesCaption(s: Series): string {
  const total = s.searches.reduce((a, b) => a + b, 0);
  const zero = s.zeroHits.reduce((a, b) => a + b, 0);
  if (!total) return `この期間 (${s.times.length} 時間) の検索はありません。`;
  return `${s.times.length} 時間の検索 ${count(total)} 回、うち結果 0 件が ${count(zero)} 回${busiest(s.times, s.searches)}。棒が 1 時間ごとの検索数、線が結果 0 件の数です。`;
}

export function ctrCaption(s: Series, clicks: ClickTotals): string {
  const hours = s.clickThrough.filter((v) => v !== null).length;
  if (!clicks.searches) return 'この期間の検索がないため、クリック率はありません。';
  return `全体のクリック率は ${percent(clicks.clickThrough)} (検索 ${count(clicks.searches)} 回にクリック ${count(clicks.clicks)} 回、平均 ${position(clicks.meanClickPosition)})。検索のあった ${hours} 時間それぞれのクリック率を点で示します。`;
}
