import uPlot from 'uplot';
import type { Series } from './range.ts';

// The two charts, drawn by uPlot (canvas). Each sits in a <figure> whose <figcaption> says in words what it shows
// (format.ts), since a canvas says nothing to a screen reader.

export interface Charts {
  draw(series: Series): void;
}

const css = (name: string, fallback: string) =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;

const dayHour = new Intl.DateTimeFormat('ja-JP', { month: 'numeric', day: 'numeric', hour: 'numeric' });
const day = new Intl.DateTimeFormat('ja-JP', { month: 'numeric', day: 'numeric' });

/** Axis labels: hours while the visible span is short, days past two days. */
function timeLabels(u: uPlot, splits: number[]): string[] {
  const span = (u.scales.x.max ?? 0) - (u.scales.x.min ?? 0);
  const f = span <= 2 * 86_400 ? dayHour : day;
  return splits.map((s) => f.format(new Date(s * 1000)));
}

// Half an hour of room at each end, so the first and last hours' bars are drawn whole.
const timeScale: uPlot.Scale = { time: true, range: (_u, min, max) => [min - 1800, max + 1800] };

const hourLabel = (_u: uPlot, v: number | null) => (v == null ? '—' : dayHour.format(new Date(v * 1000)));

function axes(unit: (v: number) => string): uPlot.Axis[] {
  const stroke = css('--muted', '#5b626b');
  const grid = { stroke: css('--border', '#d5d9e0'), width: 1 };
  return [
    { stroke, grid, ticks: grid, values: timeLabels, space: 70 },
    { stroke, grid, ticks: grid, values: (_u, splits) => splits.map(unit), size: 56 },
  ];
}

function widthOf(box: HTMLElement): number {
  return Math.max(280, box.clientWidth || 600);
}

function searchesOptions(width: number): uPlot.Options {
  const accent = css('--accent', '#0b57d0');
  const warn = css('--error-border', '#e0776d');
  const bars = uPlot.paths.bars?.({ size: [0.8, 24] });
  return {
    width,
    height: 220,
    scales: { x: timeScale, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
    axes: axes((v) => (Number.isInteger(v) ? String(v) : '')),
    series: [
      { label: '時刻', value: hourLabel },
      { label: '検索数', stroke: accent, fill: `${accent}55`, paths: bars, points: { show: false } },
      { label: '結果 0 件', stroke: warn, width: 2, points: { show: false } },
    ],
  };
}

function ctrOptions(width: number): uPlot.Options {
  const accent = css('--accent', '#0b57d0');
  return {
    width,
    height: 200,
    scales: { x: timeScale, y: { range: [0, 100] } },
    axes: axes((v) => `${v}%`),
    series: [
      { label: '時刻', value: hourLabel },
      {
        label: 'クリック率',
        stroke: accent,
        width: 2,
        spanGaps: false,
        points: { show: true, size: 5, fill: accent },
        value: (_u, v) => (v == null ? '—' : `${v}%`),
      },
    ],
  };
}

/** Builds each chart on first draw and redraws it with new data; both follow their box's width. */
export function createCharts(searchesBox: HTMLElement, ctrBox: HTMLElement): Charts {
  let searches: uPlot | null = null;
  let ctr: uPlot | null = null;
  const resize = () => {
    searches?.setSize({ width: widthOf(searchesBox), height: 220 });
    ctr?.setSize({ width: widthOf(ctrBox), height: 200 });
  };
  if (typeof ResizeObserver === 'function') new ResizeObserver(resize).observe(searchesBox);
  else window.addEventListener('resize', resize);
  return {
    draw(s) {
      const searchData: uPlot.AlignedData = [s.times, s.searches, s.zeroHits];
      const ctrData: uPlot.AlignedData = [s.times, s.clickThrough];
      if (searches) searches.setData(searchData);
      else searches = new uPlot(searchesOptions(widthOf(searchesBox)), searchData, searchesBox);
      if (ctr) ctr.setData(ctrData);
      else ctr = new uPlot(ctrOptions(widthOf(ctrBox)), ctrData, ctrBox);
    },
  };
}
