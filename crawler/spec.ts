import picomatch from 'picomatch';
import { KensakuError } from '../errors/kensaku-error.ts';
import { checkSelectors } from '../indexer/formats/html-extract.ts';
import { SLUGGER_KINDS } from '../indexer/formats/slug.ts';
import { DEFAULT_LIMITS } from './defaults.ts';
import { createScope } from './scope.ts';
import type { CrawlSpec } from './types.ts';
import { normalizeUrl } from './url.ts';

/**
 * Refuses a spec that could only fail page by page later: a start URL that is not http(s), a glob picomatch cannot
 * compile, patterns that leave out the start page itself (the crawl would reach nothing), a CSS selector the
 * extraction cannot run, a slug rule there is none of. The message names the field.
 */
export function checkSpec(
  spec: Pick<CrawlSpec, 'url' | 'sitemap' | 'include' | 'exclude' | 'extraction' | 'keepQuery'>,
): void {
  const start = normalizeUrl(spec.url, undefined, spec.keepQuery ?? false);
  if (!start) throw new KensakuError('invalid_request', `url: not an http(s) URL: ${spec.url}`);
  for (const field of ['include', 'exclude'] as const) {
    for (const pattern of spec[field] ?? []) {
      try {
        picomatch.makeRe(pattern, { dot: true });
      } catch (e) {
        throw new KensakuError('invalid_request', `${field}: not a glob: ${pattern} (${(e as Error).message})`);
      }
    }
  }
  // A sitemap's pages are only known once it is read; a start page is known now.
  if (!spec.sitemap) {
    const scope = createScope({
      start,
      sitemap: false,
      include: spec.include ?? [],
      exclude: spec.exclude ?? [],
      keepsQuery: (spec.keepQuery ?? false) !== false,
      limits: DEFAULT_LIMITS,
    });
    const why = scope.refuses(start);
    if (why)
      throw new KensakuError(
        'invalid_request',
        `${why.includes('exclude') ? 'exclude' : 'include'}: the start URL ${start} is ${why}, so the crawl could reach no page`,
      );
  }
  checkSelectors(spec.extraction ?? {});
  const slugger = spec.extraction?.slugger;
  if (slugger !== undefined && !SLUGGER_KINDS.includes(slugger))
    throw new KensakuError('invalid_request', `extraction.slugger: one of ${SLUGGER_KINDS.join(', ')}`);
}
