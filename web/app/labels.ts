import type { SearchMode } from '../shared/client.ts';

export const PAGE_SIZE = 10;
export const DEFAULT_MODE: SearchMode = 'hybrid';
export const MODES: readonly SearchMode[] = ['hybrid', 'keyword', 'semantic'];
export const SITE_TITLE = '検索 | kensaku';

export const MODE_LABELS: Record<string, string> = { hybrid: 'ハイブリッド', keyword: 'キーワード', semantic: '意味検索' };
export const LEG_LABELS: Record<string, string> = { keyword: 'キーワード', semantic: '意味' };
export const DEGRADED_LABELS: Record<string, string> = { keyword: 'キーワード検索', semantic: '意味検索' };
