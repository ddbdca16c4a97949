import picomatch from 'picomatch';
import { parseHTML } from 'linkedom';
import { KensakuError } from '../errors/kensaku-error.ts';
import type { CrawlSpec } from './types.ts';
import { normalizeUrl } from './url.ts';

/**
 * Refuses a spec that could only fail page by page later: a start URL that is not http(s), a glob picomatch cannot
 * compile, a CSS selector the extraction's DOM cannot run. The message names the field.
 */
export function checkSpec(spec: Pick<CrawlSpec, 'url' | 'include' | 'exclude' | 'extraction'>): void {
  if (!normalizeUrl(spec.url)) throw new KensakuError('invalid_request', `url: not an http(s) URL: ${spec.url}`);
  for (const field of ['include', 'exclude'] as const) {
    for (const pattern of spec[field] ?? []) {
      try {
        picomatch.makeRe(pattern, { dot: true });
      } catch (e) {
        throw new KensakuError('invalid_request', `${field}: not a glob: ${pattern} (${(e as Error).message})`);
      }
    }
  }
  const { document } = parseHTML('<!doctype html><html><body><p></p></body></html>');
  const selectors = [
    ...(spec.extraction?.contentSelector ? [['extraction.contentSelector', spec.extraction.contentSelector]] : []),
    ...(spec.extraction?.ignoreSelectors ?? []).map((s) => ['extraction.ignoreSelectors', s]),
  ];
  for (const [field, selector] of selectors) {
    try {
      document.querySelectorAll(selector);
    } catch {
      throw new KensakuError('invalid_request', `${field}: not a CSS selector: ${selector}`);
    }
  }
}
