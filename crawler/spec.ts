import picomatch from 'picomatch';
import { KensakuError } from '../errors/kensaku-error.ts';
import { checkSelectors } from '../indexer/formats/html-extract.ts';
import { SLUGGER_KINDS } from '../indexer/formats/slug.ts';
import type { CrawlSpec } from './types.ts';
import { normalizeUrl } from './url.ts';

/**
 * Refuses a spec that could only fail page by page later: a start URL that is not http(s), a glob picomatch cannot
 * compile, a CSS selector the extraction cannot run, a slug rule there is none of. The message names the field.
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
  checkSelectors(spec.extraction ?? {});
  const slugger = spec.extraction?.slugger;
  if (slugger !== undefined && !SLUGGER_KINDS.includes(slugger))
    throw new KensakuError('invalid_request', `extraction.slugger: one of ${SLUGGER_KINDS.join(', ')}`);
}
