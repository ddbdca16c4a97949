import type { SearchFailure } from '../shared/client.ts';

/** The error item's data-code and text for a failed search. */
export function failureMessage(f: SearchFailure): { code: string; message: string } {
  if (f.kind === 'network') return { code: 'network_error', message: '検索サーバーに接続できませんでした' };
  const code = f.code || (f.status ? 'http_' + f.status : 'bad_response');
  let message: string;
  if (f.status === 401 || f.status === 403) message = '検索キーが無効です';
  else if (f.status === 429) message = '検索が混み合っています。しばらくしてからお試しください';
  else if (f.message) message = f.message;
  else message = '検索できませんでした' + (f.status ? ' (HTTP ' + f.status + ')' : '');
  return { code, message };
}
