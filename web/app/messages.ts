import type { SearchFailure } from '../shared/client.ts';

/** The error banner's data-code and text for a failed search. */
export function failureMessage(f: SearchFailure): { code: string; message: string } {
  if (f.kind === 'network') return { code: 'network_error', message: 'サーバーに接続できませんでした' };
  if (f.kind === 'bad_response') return { code: 'bad_response', message: 'サーバーの応答を解釈できませんでした' };
  const code = f.code || `http_${f.status}`;
  let message = f.message || `サーバーがエラーを返しました (HTTP ${f.status})`;
  if (f.status === 401 || f.status === 403) message = `認証に失敗しました。API キーを確認してください(${message})`;
  return { code, message };
}
