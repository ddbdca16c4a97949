import type { Failure } from './api.ts';

/** The banner's data-code and text for a view that could not be read, and whether the key form should open. */
export function failureMessage(f: Failure): { code: string; message: string; askKey: boolean } {
  if (f.kind === 'bad_key')
    return { code: 'bad_key', message: '管理キーに使えない文字が含まれています。キーを確認してください', askKey: true };
  if (f.kind === 'unreachable')
    return {
      code: 'unreachable',
      message: 'サーバーに接続できませんでした。kensaku が動いているか確認してください',
      askKey: false,
    };
  if (f.kind === 'bad_response')
    return { code: 'bad_response', message: 'サーバーの応答を解釈できませんでした', askKey: false };
  const code = f.code || `http_${f.status}`;
  const detail = f.message ? `(${f.message})` : '';
  if (f.code === 'analytics_off')
    return {
      code,
      message: 'このサーバーでは検索分析がオフです (ANALYTICS=off)。ANALYTICS=on で起動すると記録が始まります',
      askKey: false,
    };
  if (f.status === 401)
    return { code, message: `管理キーを入力してください。キーが違うか、ありません${detail}`, askKey: true };
  if (f.status === 403)
    return { code, message: `このキーでは分析を見られません。管理キー (ADMIN_KEY) が必要です${detail}`, askKey: true };
  if (f.status === 404)
    return { code, message: `このサーバーには分析 API (GET /analytics) がありません${detail}`, askKey: false };
  if (f.status === 400) return { code, message: `期間や対象の指定が受け付けられませんでした${detail}`, askKey: false };
  return { code, message: `サーバーがエラーを返しました (HTTP ${f.status})${detail}`, askKey: false };
}
