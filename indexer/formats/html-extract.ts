import { isProbablyReaderable, Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { DocumentBlock } from '../../domain/documents.ts';
import { KensakuError, errorMessage } from '../../errors/kensaku-error.ts';
import { writeDomText, type DomElement, type DomNode } from './dom-text.ts';
import { createTextBuilder } from './structured-text.ts';
import type { HtmlExtractOptions } from './types.ts';

export interface ExtractHtmlOptions extends HtmlExtractOptions {
  /** The page's URL: relative links, the canonical URL and `<base href>` resolve against it. */
  url?: string;
}

/** The document fields of a page (the caller adds id, url, source and tags) and what a crawler needs of it. */
export interface HtmlExtract {
  document: { title: string; text: string; blocks: DocumentBlock[]; description?: string; lang?: string };
  /** `<link rel="canonical">`, absolute (relative to url when one is given, else only when written absolute). */
  canonical?: string;
  /** `<meta name="robots">` says noindex (or none). */
  noindex: boolean;
  /** `<meta name="robots">` says nofollow (or none): the crawler should not follow this page's links. */
  nofollow: boolean;
  /** Absolute http(s) hrefs of every `<a>`/`<area>` of the whole page (navigation included), without #fragment, once each. */
  links: string[];
}

/**
 * Parts of a page that are never its content, wherever they are: navigation, page header/footer landmarks, dialogs,
 * cookie and announcement banners, screen-reader-only and hidden text, permalinks, "edit this page", breadcrumbs,
 * tables of contents, prev/next pagers, and the chrome of the common documentation generators (VitePress,
 * Docusaurus, MkDocs Material, Sphinx, Starlight, mdBook, Docsy).
 */
const ALWAYS_IGNORED = [
  'script',
  'style',
  'noscript',
  'template',
  '[data-pagefind-ignore]',
  '[hidden]',
  '[aria-hidden="true"]',
  'nav',
  'footer',
  'dialog',
  '[role="navigation"]',
  '[role="banner"]',
  '[role="contentinfo"]',
  '[role="search"]',
  '[role="dialog"]',
  '[role="alertdialog"]',
  '[role="tooltip"]',
  '.sr-only',
  '.visually-hidden',
  '.screen-reader-text',
  '.skip-link',
  '[class*="skip-to"]',
  '[class*="SkipLink"]',
  '[id*="cookie" i]',
  '[class*="cookie" i]',
  '[id*="consent" i]',
  '[class*="consent" i]',
  '[class*="gdpr" i]',
  '[class*="announcement" i]',
  '[class*="top-banner" i]',
  '.banner',
  '.header-anchor',
  '.hash-link',
  '.headerlink',
  '.anchorjs-link',
  '.anchor-link',
  '[class*="edit-link" i]',
  '[class*="edit-this-page" i]',
  '[class*="editlink" i]',
  'a[href*="/edit/"]',
  '[class*="breadcrumb" i]',
  '[aria-label*="breadcrumb" i]',
  '.toc',
  '#toc',
  '[class*="table-of-contents"]',
  '[class*="sidebar" i]',
  '[id*="sidebar" i]',
  '.pagination-nav',
  '.prev-next',
  '.pager',
  '[class*="pagination" i]',
  // VitePress
  '.VPNav',
  '.VPLocalNav',
  '.VPDocAside',
  '.VPDocFooter',
  '.VPFooter',
  'div[class*="language-"] > .lang',
  // Docusaurus
  '.theme-doc-toc-mobile',
  '.theme-doc-toc-desktop',
  '.theme-doc-footer',
  '.theme-doc-version-badge',
  '.theme-last-updated',
  // MkDocs Material, Sphinx, mdBook, Docsy
  '.md-header',
  '.md-footer',
  '.md-source-file',
  '.md-content__button',
  '.related',
  '.menu-bar',
  '.nav-chapters',
  '.td-page-meta',
];
/** Landmarks that belong to the page, not the content: left out only when no content root was found. */
const OUTSIDE_CONTENT = ['header', 'aside', '[role="complementary"]'];

/**
 * Extracts the content of an HTML page. The content root is, in order: the elements marked `data-pagefind-body`
 * (Pagefind's rule: then nothing else is indexed), the owner's contentSelector, the page's `<main>` (or
 * role=main), its only `<article>`, else what Readability picks as the article, else the body. The owner's
 * ignoreSelectors and `data-pagefind-ignore` elements are left out along with ALWAYS_IGNORED. Headings keep their
 * ids as anchors. Title: the first h1 when `<title>` is that h1 plus the site's name (`特徴 | Vite`), else
 * `<title>`, else the first h1.
 */
export function extractHtml(html: string, options: ExtractHtmlOptions = {}): HtmlExtract {
  checkSelectors(options);
  const { document } = parseHTML(withBody(html));
  const all = (root: { querySelectorAll(s: string): ArrayLike<unknown> }, selector: string) =>
    Array.from(root.querySelectorAll(selector)) as DomElement[];
  const attr = (selector: string, name: string) => (all(document, selector)[0]?.getAttribute(name) ?? '').trim();

  const base = resolve(attr('base[href]', 'href'), options.url) ?? options.url;
  const robots = all(document, 'meta[name="robots" i]')
    .map((m) => (m.getAttribute('content') ?? '').toLowerCase())
    .join(',');
  const canonical = resolve(attr('link[rel~="canonical" i][href]', 'href'), base);
  const links = [
    ...new Set(
      all(document, 'a[href], area[href]').flatMap((a) => resolve(a.getAttribute('href') ?? '', base, true) ?? []),
    ),
  ];
  const titleTag =
    all(document, 'title')
      .find((t) => !inSvg(t))
      ?.textContent?.replace(/\s+/g, ' ')
      .trim() ?? '';
  const description =
    attr('meta[name="description" i]', 'content') || attr('meta[property="og:description" i]', 'content');
  const lang =
    (document.documentElement as unknown as DomElement).getAttribute('lang')?.trim() ||
    attr('meta[http-equiv="content-language" i]', 'content');

  // The owner's selectors are taken as written; the defaults spare whatever holds the content (`has-sidebar` on a
  // layout wrapper must not take the page with it).
  for (const selector of options.ignoreSelectors ?? []) for (const el of all(document, selector)) remove(el);
  const content = all(
    document,
    [
      'main',
      '[role="main"]',
      'article',
      '[data-pagefind-body]',
      'h1',
      ...(options.contentSelector ? [options.contentSelector] : []),
    ].join(', '),
  );
  for (const el of all(document, ALWAYS_IGNORED.join(', '))) {
    if (!/^(?:html|body)$/.test(el.localName) && !content.some((c) => c === el || contains(el, c))) remove(el);
  }
  const roots = contentRoots(document as unknown as DomElement, options.contentSelector, all);

  const out = createTextBuilder();
  writeDomText(roots, out);
  const { text, blocks } = out.build();
  const h1 = blocks.find(
    (b): b is Extract<DocumentBlock, { kind: 'heading' }> => b.kind === 'heading' && b.level === 1,
  )?.text;
  const title = h1 && (!titleTag || titleTag.includes(h1)) ? h1 : titleTag || h1 || '';
  return {
    document: { title, text, blocks, ...(description ? { description } : {}), ...(lang ? { lang } : {}) },
    ...(canonical ? { canonical } : {}),
    noindex: /\b(?:noindex|none)\b/.test(robots),
    nofollow: /\b(?:nofollow|none)\b/.test(robots),
    links,
  };
}

/**
 * Refuses a content or ignore selector that is not valid CSS (KensakuError invalid_request, naming it), so a source
 * can be checked when it is given rather than on its first page.
 */
export function checkSelectors(options: HtmlExtractOptions): void {
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
  const named = [
    ...(options.contentSelector !== undefined ? [['contentSelector', options.contentSelector]] : []),
    ...(options.ignoreSelectors ?? []).map((selector) => ['ignoreSelectors', selector]),
  ];
  for (const [what, selector] of named) {
    try {
      if (!selector.trim()) throw new Error('empty');
      document.querySelectorAll(selector);
    } catch (e) {
      throw new KensakuError(
        'invalid_request',
        `${what}: "${selector}" is not a valid CSS selector (${errorMessage(e)})`,
      );
    }
  }
}

type All = (root: { querySelectorAll(s: string): ArrayLike<unknown> }, selector: string) => DomElement[];

function contentRoots(document: DomElement, contentSelector: string | undefined, all: All): DomNode[] {
  const outermost = (els: DomElement[]) =>
    els.filter((el) => !els.some((other) => other !== el && contains(other, el)));
  const pagefind = all(document, '[data-pagefind-body]');
  if (pagefind.length > 0) return outermost(pagefind);
  if (contentSelector) {
    const chosen = all(document, contentSelector);
    if (chosen.length > 0) return outermost(chosen);
  }
  const main = all(document, 'main, [role="main"]').find(hasText);
  if (main) return [main];
  const articles = all(document, 'article').filter(hasText);
  if (articles.length === 1) return articles;
  const body = all(document, 'body')[0];
  for (const selector of OUTSIDE_CONTENT)
    for (const el of all(document, selector)) if (all(el, 'h1').length === 0) remove(el);
  // Div soup with no landmark: Readability scores the page's blocks for the article, when the page reads like one
  // (a short page is taken whole). It changes the DOM it reads, so it gets a copy.
  const page = document as unknown as Document;
  const article = isProbablyReaderable(page) ? new Readability(page.cloneNode(true) as Document).parse() : null;
  if (article?.content) {
    const picked = parseHTML(`<!doctype html><html><head></head><body>${article.content}</body></html>`).document;
    if (hasText(picked.body as unknown as DomElement)) return [picked.body as unknown as DomNode];
  }
  return body ? [body] : [];
}

function remove(el: DomElement): void {
  (el as unknown as { remove(): void }).remove();
}

function hasText(el: DomElement): boolean {
  return (el.textContent ?? '').trim() !== '';
}

function contains(outer: DomElement, inner: DomElement): boolean {
  for (let node = inner.parentElement; node; node = node.parentElement) if (node === outer) return true;
  return false;
}

function inSvg(el: DomElement): boolean {
  for (let node = el.parentElement; node; node = node.parentElement) if (node.localName === 'svg') return true;
  return false;
}

/** An absolute http(s) URL, without its fragment when it is a link; undefined when it cannot be made absolute. */
function resolve(href: string, base: string | undefined, link = false): string | undefined {
  if (!href) return undefined;
  try {
    const url = base ? new URL(href, base) : new URL(href);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (link) url.hash = '';
    return url.href;
  } catch {
    return undefined;
  }
}

/** linkedom builds no implied `<html>`/`<body>`: a fragment or a page without them gets them, head content kept. */
function withBody(html: string): string {
  if (/<body[\s>]/i.test(html)) return /<html[\s>]/i.test(html) ? html : `<html>${html}</html>`;
  const open = /<html[^>]*>/i.exec(html)?.[0] ?? '<html>';
  const inner = html
    .replace(/<!doctype[^>]*>/i, '')
    .replace(/<\/?html[^>]*>/gi, '')
    .replace(/<\/?head(?:\s[^>]*)?>/gi, '');
  return `<!doctype html>${open}<head></head><body>${inner}</body></html>`;
}
