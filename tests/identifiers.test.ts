import { describe, expect, it } from 'vitest';
import { identifierField, identifierForms, identifiersIn, withIdentifierForms } from '../text/identifiers.ts';

describe('identifiers in text', () => {
  it('counts chains joined by -, . or _ and lowerCamel names, as written and each once', () => {
    const text =
      'ディレクティブ v-if と v-show、`server.proxy` と optimizeDeps.include を設定し、import.meta.env.VITE_API_URL と defineProps を使う。v-if は再掲。';
    expect(identifiersIn(text)).toEqual([
      'v-if',
      'v-show',
      'server.proxy',
      'optimizeDeps.include',
      'import.meta.env.VITE_API_URL',
      'defineProps',
    ]);
  });

  it('leaves plain words, product names, numbers, flags and file names alone', () => {
    const text = 'Vite と TypeScript、GitHub Pages、es2015、v2.0 と 5.1.2、--port と .env、VITE_ と __dirname、if 文';
    expect(identifiersIn(text)).toEqual([]);
  });

  it('finds identifiers in code, next to Japanese and around punctuation', () => {
    expect(identifiersIn('<h1 v-if="awesome">Vue</h1>')).toEqual(['v-if']);
    expect(identifiersIn('v-ifを使う（server.proxy）。')).toEqual(['v-if', 'server.proxy']);
    expect(identifiersIn('import.meta.hot.invalidate()')).toEqual(['import.meta.hot.invalidate']);
  });
});

describe('the whole forms identifiers are indexed and searched by', () => {
  it('is one lowercase word without separators', () => {
    expect(withIdentifierForms('v-if の使い方')).toBe('vif の使い方');
    expect(withIdentifierForms('ssr.noExternal 外部化')).toBe('ssrnoexternal 外部化');
    expect(withIdentifierForms('VITE_ プレフィックス 環境変数')).toBe('VITE_ プレフィックス 環境変数');
  });

  it('finds a member chain by any run of two or more of its segments, and by a segment that is an identifier', () => {
    expect(identifierForms('import.meta.hot.invalidate')).toEqual(
      expect.arrayContaining(['importmetahotinvalidate', 'importmeta', 'metahot', 'hotinvalidate']),
    );
    expect(identifierForms('import.meta.hot.invalidate')).not.toContain('hot');
    expect(identifierForms('optimizeDeps.include')).toEqual(['optimizedepsinclude', 'optimizedeps']);
    // A hyphenated name is one name: `v-else` does not find `v-else-if`.
    expect(identifierForms('v-else-if')).toEqual(['velseif']);
  });

  it('holds each form of a text once, and nothing for a text without identifiers', () => {
    expect(identifierField(['## v-if', 'v-if と v-show'])).toBe('vif vshow');
    expect(identifierField(['富士山は日本で最も高い山である。'])).toBe('');
  });
});
