// The words the widget and the page show for each way a search can fail (web/*/messages.ts), and for a facet
// (web/app/labels.ts, web/widget/messages.ts); the browser test sees the 401, the network failure and the facet in Chromium.
import { describe, expect, it } from 'vitest';
import { facetGroupLabel as pageGroupLabel, facetValueLabel } from '../web/app/labels.ts';
import { failureMessage as pageMessage } from '../web/app/messages.ts';
import {
  facetChipLabel,
  facetGroupLabel as widgetGroupLabel,
  failureMessage as widgetMessage,
} from '../web/widget/messages.ts';

describe('what the widget and the page say for each failure', () => {
  const f = (
    kind: 'bad_key' | 'cors' | 'unreachable' | 'http' | 'bad_response',
    status: number,
    code: string | null = null,
    message: string | null = null,
    retryAfter?: number,
  ) => ({
    kind,
    status,
    code,
    message,
    ...(retryAfter ? { retryAfter } : {}),
  });

  it('widget', () => {
    expect(widgetMessage(f('http', 401, 'unauthorized', 'bad key'))).toEqual({
      code: 'unauthorized',
      message: '検索キーが無効です',
    });
    expect(widgetMessage(f('http', 429))).toEqual({
      code: 'http_429',
      message: '検索が混み合っています。しばらくしてからお試しください',
    });
    expect(widgetMessage(f('http', 429, 'rate_limited', 'too many', 12))).toEqual({
      code: 'rate_limited',
      message: '検索が混み合っています。12 秒後にお試しください',
    });
    expect(widgetMessage(f('http', 401, 'key_expired', 'expired'))).toEqual({
      code: 'key_expired',
      message: '検索キーの有効期限が切れています',
    });
    expect(widgetMessage(f('http', 403, 'wrong_origin', 'this key is for pages on https://a.example'))).toEqual({
      code: 'wrong_origin',
      message: 'この検索キーは別のサイト用です',
    });
    expect(widgetMessage(f('cors', 0), 'https://shop.example')).toEqual({
      code: 'cors',
      message:
        '検索サーバーがこのサイト(https://shop.example)からの検索を許可していません(CORS_ORIGINS かキーの origins に追加してください)',
    });
    expect(widgetMessage(f('bad_key', 0))).toEqual({
      code: 'bad_key',
      message: '検索キーに使えない文字が含まれています(data-key が仮の値のままではありませんか)',
    });
    expect(widgetMessage(f('http', 503, 'unavailable', 'Meilisearch is down'))).toEqual({
      code: 'unavailable',
      message: 'Meilisearch is down',
    });
    expect(widgetMessage(f('bad_response', 200))).toEqual({
      code: 'http_200',
      message: '検索できませんでした (HTTP 200)',
    });
    expect(widgetMessage(f('unreachable', 0))).toEqual({
      code: 'unreachable',
      message: '検索サーバーに接続できませんでした',
    });
  });

  it('page', () => {
    expect(pageMessage(f('http', 401, 'unauthorized', 'bad key'))).toEqual({
      code: 'unauthorized',
      message: '認証に失敗しました。API キーを確認してください(bad key)',
    });
    expect(pageMessage(f('http', 502))).toEqual({
      code: 'http_502',
      message: 'サーバーがエラーを返しました (HTTP 502)',
    });
    expect(pageMessage(f('bad_response', 200))).toEqual({
      code: 'bad_response',
      message: 'サーバーの応答を解釈できませんでした',
    });
    expect(pageMessage(f('unreachable', 0))).toEqual({
      code: 'unreachable',
      message: 'サーバーに接続できませんでした。kensaku が動いているか確認してください',
    });
    expect(pageMessage(f('http', 401, 'key_expired', 'this key has expired'))).toEqual({
      code: 'key_expired',
      message: 'API キーの有効期限が切れています。新しいキーを発行してください(this key has expired)',
    });
  });
});

describe('what the widget and the page say for a facet', () => {
  it('names the group by the attribute, in Japanese for the known ones', () => {
    for (const label of [pageGroupLabel, widgetGroupLabel]) {
      expect(label('tags')).toBe('タグで絞り込む');
      expect(label('source')).toBe('出典で絞り込む');
      expect(label('lang')).toBe('langで絞り込む');
    }
  });

  it("names a value's button with its count, approximate when the counts are estimated", () => {
    for (const label of [facetValueLabel, facetChipLabel]) {
      expect(label('garden', 3, false)).toBe('garden(3 件)');
      expect(label('garden', 3, true)).toBe('garden(約 3 件)');
      expect(label('x', 12345, false)).toBe('x(12,345 件)');
    }
  });
});
