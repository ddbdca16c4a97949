import robotsModule from 'robots-parser';
import type { Fetcher } from './fetcher.ts';
import { MAX_CRAWL_DELAY_MS } from './defaults.ts';
import { absoluteUrl } from './url.ts';

export interface RobotsRules {
  allowed(url: string): boolean;
  /** robots.txt's Crawl-delay for our user agent, in ms (capped); 0 when none. */
  crawlDelayMs: number;
  sitemaps: string[];
  /** Set when robots.txt could not be read (5xx, network): RFC 9309 then counts the whole site disallowed. */
  unreachable?: string;
}

// The package is CommonJS (`module.exports = function`) typed as an ES default export: the import is the function.
const robotsParser = robotsModule as unknown as typeof robotsModule.default;

/** RFC 9309 §2.5: a parsing limit of at least 500 KiB; past it a file's rules are ignored (as Google does). */
const ROBOTS_MAX_BYTES = 500 * 1024;

const ALLOW_ALL: RobotsRules = { allowed: () => true, crawlDelayMs: 0, sitemaps: [] };

/**
 * robots.txt per origin, read once per crawl (RFC 9309): its first 500 KiB (a bigger file is no reason to stop, nor to
 * parse megabytes of rules checked for every URL), redirects followed (5 hops), a 4xx means no rules, a 5xx or
 * no answer means the whole site is disallowed until a later crawl can read it. Groups are matched on the user
 * agent's product token (`kensaku-crawler` of `kensaku-crawler/0.1.0`), as robots-parser does.
 */
export function createRobots(fetcher: Fetcher) {
  const byOrigin = new Map<string, Promise<RobotsRules>>();

  async function read(origin: string): Promise<RobotsRules> {
    let url = `${origin}/robots.txt`;
    for (let hop = 0; hop <= 5; hop++) {
      const res = await fetcher.get(url, {}, undefined, ROBOTS_MAX_BYTES);
      if (res.kind === 'redirect') {
        const next = res.location ? absoluteUrl(res.location, url) : null;
        if (!next) break;
        url = next;
        continue;
      }
      if (res.kind === 'body') {
        // A file cut at the limit loses its last, partial line: half a rule would be another rule.
        const text = new TextDecoder().decode(res.body);
        const whole = res.body.byteLength < ROBOTS_MAX_BYTES ? text : text.slice(0, text.lastIndexOf('\n') + 1);
        const robots = robotsParser(url, whole);
        const delay = robots.getCrawlDelay(fetcher.userAgent);
        return {
          // A URL of another origin is not this file's business: undefined, read as allowed.
          allowed: (u) => robots.isAllowed(u, fetcher.userAgent) !== false,
          crawlDelayMs: typeof delay === 'number' && delay > 0 ? Math.min(MAX_CRAWL_DELAY_MS, delay * 1000) : 0,
          // Resolved here (relative ones are common), the unusable ones dropped: a line must not throw out of the crawl.
          sitemaps: robots.getSitemaps().flatMap((s) => absoluteUrl(s, url) ?? []),
        };
      }
      if (res.kind === 'status' && res.status >= 400 && res.status < 500) return ALLOW_ALL;
      const reason =
        res.kind === 'status' ? `HTTP ${res.status}` : res.kind === 'error' ? res.reason : 'no usable answer';
      return { allowed: () => false, crawlDelayMs: 0, sitemaps: [], unreachable: `robots.txt unreadable (${reason})` };
    }
    return ALLOW_ALL;
  }

  return {
    rulesFor(url: string): Promise<RobotsRules> {
      const origin = new URL(url).origin;
      let rules = byOrigin.get(origin);
      if (!rules) byOrigin.set(origin, (rules = read(origin)));
      return rules;
    },
  };
}
