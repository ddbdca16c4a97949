import { describe, expect, it } from 'vitest';
import { safeUrl, sanitizeSnippet } from '../web/shared/safe-html.ts';

const BASE = 'https://host.example/page?x=1';

describe('sanitizeSnippet', () => {
  it('keeps exactly <mark>, </mark>, <strong> and </strong> and escapes every other "<"', () => {
    expect(sanitizeSnippet('<mark>普天間</mark>飛行場')).toBe('<mark>普天間</mark>飛行場');
    expect(sanitizeSnippet('<strong>会談は<mark>ワシントン</mark>で</strong>')).toBe(
      '<strong>会談は<mark>ワシントン</mark>で</strong>',
    );
    expect(sanitizeSnippet('<strong onmouseover=alert(1)>x</strong>')).toBe(
      '&lt;strong onmouseover=alert(1)>x</strong>',
    );
    expect(sanitizeSnippet('<script>alert(1)</script>')).toBe('&lt;script>alert(1)&lt;/script>');
    expect(sanitizeSnippet('<img src=x onerror=alert(2)>')).toBe('&lt;img src=x onerror=alert(2)>');
    expect(sanitizeSnippet('<mark onclick=alert(1)>x</mark>')).toBe('&lt;mark onclick=alert(1)>x</mark>');
    expect(sanitizeSnippet('<MARK>x</MARK>')).toBe('&lt;MARK>x&lt;/MARK>');
    expect(sanitizeSnippet('< mark>')).toBe('&lt; mark>');
    expect(sanitizeSnippet('a < b')).toBe('a &lt; b');
  });

  it("leaves the server's escapes alone and reads null and undefined as empty", () => {
    expect(sanitizeSnippet('&lt;b&gt; &amp;')).toBe('&lt;b&gt; &amp;');
    expect(sanitizeSnippet(null)).toBe('');
    expect(sanitizeSnippet(undefined)).toBe('');
    expect(sanitizeSnippet(42)).toBe('42');
  });
});

describe('safeUrl', () => {
  it('gives absolute http(s) hrefs, relative ones resolved against the page', () => {
    expect(safeUrl('https://example.jp/a?b=1#c', BASE)).toBe('https://example.jp/a?b=1#c');
    expect(safeUrl('http://example.jp', BASE)).toBe('http://example.jp/');
    expect(safeUrl('/docs/a', BASE)).toBe('https://host.example/docs/a');
    expect(safeUrl('//other.example/x', BASE)).toBe('https://other.example/x');
    expect(safeUrl('  https://example.jp/a  ', BASE)).toBe('https://example.jp/a');
  });

  it('refuses every other scheme, however it is disguised', () => {
    for (const raw of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '\u0001javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'mailto:a@example.jp',
      'file:///etc/passwd',
    ]) {
      expect(safeUrl(raw, BASE), JSON.stringify(raw)).toBeNull();
    }
  });

  it('refuses what is blank, which would otherwise link to the current page', () => {
    // Both old copies refused whitespace only; C0 controls (stripped by the URL parser) got through.
    for (const raw of ['', ' ', '\t\n\r', '\u3000', '\u00a0', '\ufeff', '\u0001', '\u0000 \u001f']) {
      expect(safeUrl(raw, BASE), JSON.stringify(raw)).toBeNull();
    }
  });

  it('refuses non-strings and what does not parse', () => {
    for (const raw of [undefined, null, 42, {}, ['https://example.jp']]) expect(safeUrl(raw, BASE)).toBeNull();
    expect(safeUrl('https://exa mple.jp/', BASE)).toBeNull();
    expect(safeUrl('http://[::1', BASE)).toBeNull();
  });
});
