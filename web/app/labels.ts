import type { SearchMode } from '../shared/client.ts';
import { facetName } from '../shared/facet-text.ts';

export const PAGE_SIZE = 10;
export const DEFAULT_MODE: SearchMode = 'hybrid';
export const MODES: readonly SearchMode[] = ['hybrid', 'keyword', 'semantic'];
export const SITE_TITLE = '検索 | kensaku';

export const MODE_LABELS: Record<string, string> = {
  hybrid: 'ハイブリッド',
  keyword: 'キーワード',
  semantic: '意味検索',
};
export const LEG_LABELS: Record<string, string> = { keyword: 'キーワード', semantic: '意味' };
export const DEGRADED_LABELS: Record<string, string> = { keyword: 'キーワード検索', semantic: '意味検索' };

/** Most facet values listed (the selected one is listed too when it is not among them). */
export const FACET_MAX = 20;
export const FACET_ESTIMATED = '≈ 概数';
export const FACET_ESTIMATED_TITLE = '件数には意味検索で見つかった結果も含まれます';

/** The facet group's label, e.g. 「タグで絞り込む」. */
export function facetGroupLabel(attribute: string): string {
  return `${facetName(attribute)}で絞り込む`;
}

/** A value button's accessible name, e.g. 「garden(3 件)」, 「garden(約 3 件)」 when the counts are estimated. */
export function facetValueLabel(value: string, count: number, estimated: boolean): string {
  return `${value}(${estimated ? '約 ' : ''}${count.toLocaleString('ja-JP')} 件)`;
}
