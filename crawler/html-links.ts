import { Parser } from 'htmlparser2';

export interface HtmlSignals {
  /** Absolute URLs of `<a href>` (and `<area href>`), resolved against `<base href>`; fragments left as written. */
  links: string[];
  /** `<link rel=canonical>`, absolute. */
  canonical?: string;
  /** `<meta name=robots>` (or one naming our product token) says noindex / nofollow / none. */
  noindex: boolean;
  nofollow: boolean;
}

/**
 * What the crawler needs of an HTML page besides its text: links, the canonical URL and the robots meta tags. One
 * streaming pass (htmlparser2), so it costs little beside the extraction. Links marked `rel=nofollow` are kept:
 * nofollow is about endorsement, and a site's own pages are what a site search wants.
 */
export function readHtmlSignals(html: string, pageUrl: string, robotsToken: string): HtmlSignals {
  let base = pageUrl;
  const hrefs: string[] = [];
  let canonical: string | undefined;
  const directives: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'base' && attrs.href) base = resolve(attrs.href, pageUrl) ?? base;
        else if ((name === 'a' || name === 'area') && attrs.href) hrefs.push(attrs.href);
        else if (name === 'link' && attrs.href && /(^|\s)canonical(\s|$)/i.test(attrs.rel ?? '')) canonical ??= attrs.href;
        else if (name === 'meta' && attrs.content) {
          const who = (attrs.name ?? '').toLowerCase();
          if (who === 'robots' || who === robotsToken) directives.push(...attrs.content.toLowerCase().split(/\s*,\s*/));
        }
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  const links = hrefs.flatMap((h) => resolve(h, base) ?? []);
  return {
    links,
    canonical: canonical ? resolve(canonical, base) : undefined,
    noindex: directives.includes('noindex') || directives.includes('none'),
    nofollow: directives.includes('nofollow') || directives.includes('none'),
  };
}

function resolve(href: string, base: string): string | undefined {
  try {
    return new URL(href.trim(), base).href;
  } catch {
    return undefined;
  }
}
