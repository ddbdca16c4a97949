import type { SearchFailure } from '../shared/client.ts';

/** The error banner's data-code and text for a failed search: the cause, and what to change. */
export function failureMessage(f: SearchFailure): { code: string; message: string } {
  if (f.kind === 'bad_key')
    return { code: 'bad_key', message: 'API キーに使えない文字が含まれています。?key= の値を確認してください' };
  if (f.kind === 'cors' || f.kind === 'unreachable')
    return { code: 'unreachable', message: 'サーバーに接続できませんでした。kensaku が動いているか確認してください' };
  if (f.kind === 'bad_response') return { code: 'bad_response', message: 'サーバーの応答を解釈できませんでした' };
  const code = f.code || `http_${f.status}`;
  let message = f.message || `サーバーがエラーを返しました (HTTP ${f.status})`;
  if (f.code === 'key_expired') message = `API キーの有効期限が切れています。新しいキーを発行してください(${message})`;
  else if (f.status === 401 || f.status === 403) message = `認証に失敗しました。API キーを確認してください(${message})`;
  else if (f.status === 429)
    message = `検索が混み合っています。${f.retryAfter ? `${f.retryAfter} 秒後に` : 'しばらくしてから'}お試しください`;
  return { code, message };
}
