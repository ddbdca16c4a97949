import picomatch from 'picomatch';
import { pageKey, sameSite } from './url.ts';
import type { CrawlLimits } from './types.ts';

export interface ScopeOptions {
  /** The start page or sitemap: its host is the site. */
  start: string;
  sitemap: boolean;
  include: string[];
  exclude: string[];
  /** Query strings survive normalisation (some or all): their variants per path are then capped. */
  keepsQuery: boolean;
  limits: Pick<CrawlLimits, 'maxDepth' | 'maxQueryVariants' | 'maxPerTemplate' | 'maxUrlLength'>;
}

/** A URL's path and query, what patterns without a scheme are matched against. */
const pathOf = (url: URL) => url.pathname + url.search;

function matcher(patterns: string[]): ((url: URL) => boolean) | null {
  if (patterns.length === 0) return null;
  const tests = patterns.map((p) => {
    const isMatch = picomatch(p, { dot: true });
    return p.includes('://')
      ? (url: URL) => isMatch(url.href)
      : (url: URL) => isMatch(pathOf(url)) || isMatch(url.pathname);
  });
  return (url) => tests.some((t) => t(url));
}

/**
 * Which URLs a crawl may take: the same site only, the include/exclude globs, and the trap bounds — link depth, URL
 * length, a path segment repeated over and over (`/a/b/a/b/…`), query-string variants per path, and URLs per path
 * template (each run of digits read as `#`: `/cal/2024/05` and `/cal/2031/12` share `/cal/#/#`), which is what stops
 * a calendar's endless "next month". `admit` counts what it lets in, so a template's cap holds across the crawl.
 */
export function createScope(options: ScopeOptions) {
  const include = matcher(options.include);
  const exclude = matcher(options.exclude);
  const start = new URL(options.start);
  // Without includes, a start page's folder bounds the crawl (`/docs/intro` → `/docs/`); a sitemap lists what it wants.
  const folder = options.sitemap || include ? '/' : start.pathname.slice(0, start.pathname.lastIndexOf('/') + 1);
  const { maxDepth, maxQueryVariants, maxPerTemplate, maxUrlLength } = options.limits;
  const perTemplate = new Map<string, number>();
  const queriesPerPath = new Map<string, Set<string>>();

  /** Why the URL is out of scope by rule (null: in scope); no counting. */
  function refuses(href: string): string | null {
    const url = new URL(href);
    if (!sameSite(url, start)) return 'another site';
    if (!url.pathname.startsWith(folder) && pageKey(url.href) !== pageKey(start.href)) return `outside ${folder}`;
    if (include && !include(url)) return 'not matched by an include pattern';
    if (exclude?.(url)) return 'matched by an exclude pattern';
    return null;
  }

  return {
    refuses,
    /** Whether a newly found URL goes in the frontier; the trap bounds count it when it does. */
    admit(href: string, depth: number): string | null {
      const why = refuses(href);
      if (why) return why;
      if (depth > maxDepth) return `more than ${maxDepth} links from the start`;
      if (href.length > maxUrlLength) return `URL longer than ${maxUrlLength} characters`;
      const url = new URL(href);
      const segments = url.pathname.split('/').filter(Boolean);
      const repeats = new Map<string, number>();
      for (const s of segments) repeats.set(s, (repeats.get(s) ?? 0) + 1);
      if ([...repeats.values()].some((n) => n > 3)) return 'a path segment repeated more than 3 times (a link loop)';
      if (options.keepsQuery && url.search) {
        const variants = queriesPerPath.get(url.pathname) ?? new Set();
        if (!variants.has(url.search) && variants.size >= maxQueryVariants)
          return `more than ${maxQueryVariants} query strings for ${url.pathname}`;
        variants.add(url.search);
        queriesPerPath.set(url.pathname, variants);
      }
      const template = url.pathname.replace(/\d+/g, '#');
      if (template !== url.pathname) {
        const n = perTemplate.get(template) ?? 0;
        if (n >= maxPerTemplate) return `more than ${maxPerTemplate} URLs like ${template}`;
        perTemplate.set(template, n + 1);
      }
      return null;
    },
  };
}

export type Scope = ReturnType<typeof createScope>;
