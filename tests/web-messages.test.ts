// The words the widget and the page show for each way a search can fail (web/*/messages.ts); the browser test sees
// the 401 and the network failure in Chromium.
import { describe, expect, it } from 'vitest';
import { failureMessage as pageMessage } from '../web/app/messages.ts';
import { failureMessage as widgetMessage } from '../web/widget/messages.ts';

describe('what the widget and the page say for each failure', () => {
  const f = (kind: 'network' | 'http' | 'bad_response', status: number, code: string | null = null, message: string | null = null) => ({
    kind,
    status,
    code,
    message,
  });

  it('widget', () => {
    expect(widgetMessage(f('http', 401, 'unauthorized', 'bad key'))).toEqual({ code: 'unauthorized', message: '検索キーが無効です' });
    expect(widgetMessage(f('http', 429))).toEqual({ code: 'http_429', message: '検索が混み合っています。しばらくしてからお試しください' });
    expect(widgetMessage(f('http', 503, 'unavailable', 'Meilisearch is down'))).toEqual({ code: 'unavailable', message: 'Meilisearch is down' });
    expect(widgetMessage(f('bad_response', 200))).toEqual({ code: 'http_200', message: '検索できませんでした (HTTP 200)' });
    expect(widgetMessage(f('network', 0))).toEqual({ code: 'network_error', message: '検索サーバーに接続できませんでした' });
  });

  it('page', () => {
    expect(pageMessage(f('http', 401, 'unauthorized', 'bad key'))).toEqual({
      code: 'unauthorized',
      message: '認証に失敗しました。API キーを確認してください(bad key)',
    });
    expect(pageMessage(f('http', 502))).toEqual({ code: 'http_502', message: 'サーバーがエラーを返しました (HTTP 502)' });
    expect(pageMessage(f('bad_response', 200))).toEqual({ code: 'bad_response', message: 'サーバーの応答を解釈できませんでした' });
    expect(pageMessage(f('network', 0))).toEqual({ code: 'network_error', message: 'サーバーに接続できませんでした' });
  });
});
