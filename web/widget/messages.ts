import type { SearchFailure } from '../shared/client.ts';
import { facetName } from '../shared/facet-text.ts';
import { pageOrigin } from '../shared/unanswered.ts';

/** The error item's data-code and text for a failed search: the cause, so a site owner knows what to change. */
export function failureMessage(f: SearchFailure, origin = pageOrigin()): { code: string; message: string } {
  if (f.kind === 'bad_key')
    return {
      code: 'bad_key',
      message: '検索キーに使えない文字が含まれています(data-key が仮の値のままではありませんか)',
    };
  if (f.kind === 'cors')
    return {
      code: 'cors',
      message: `検索サーバーがこのサイト(${origin})からの検索を許可していません(CORS_ORIGINS かキーの origins に追加してください)`,
    };
  if (f.kind === 'unreachable') return { code: 'unreachable', message: '検索サーバーに接続できませんでした' };
  const code = f.code || (f.status ? `http_${f.status}` : 'bad_response');
  let message: string;
  if (f.code === 'key_expired') message = '検索キーの有効期限が切れています';
  else if (f.code === 'wrong_origin') message = 'この検索キーは別のサイト用です';
  else if (f.status === 401) message = '検索キーが無効です';
  else if (f.status === 403) message = 'この検索キーでは検索できません';
  else if (f.status === 429)
    message = `検索が混み合っています。${f.retryAfter ? `${f.retryAfter} 秒後に` : 'しばらくしてから'}お試しください`;
  else if (f.message) message = f.message;
  else message = `検索できませんでした${f.status ? ` (HTTP ${f.status})` : ''}`;
  return { code, message };
}

/** Most facet chips shown (the chosen one is shown too when it is not among them). */
export const FACET_MAX = 8;
export const FACET_ESTIMATED = '≈';
export const FACET_ESTIMATED_TITLE = '件数には意味検索で見つかった結果も含まれます';

/** The chips' group label, e.g. 「タグで絞り込む」. */
export function facetGroupLabel(attribute: string): string {
  return `${facetName(attribute)}で絞り込む`;
}

/** A chip's accessible name, e.g. 「garden(3 件)」, 「garden(約 3 件)」 when the counts are estimated. */
export function facetChipLabel(value: string, count: number, estimated: boolean): string {
  return `${value}(${estimated ? '約 ' : ''}${count.toLocaleString('ja-JP')} 件)`;
}
