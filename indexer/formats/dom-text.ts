import type { TextBuilder } from './structured-text.ts';

/** The DOM subset the walker reads (linkedom's nodes). */
export interface DomNode {
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  parentNode?: DomNode | null;
}
export interface DomElement extends DomNode {
  localName: string;
  id: string;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  firstElementChild: DomElement | null;
  previousElementSibling: DomElement | null;
  parentElement: DomElement | null;
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

/** Elements whose content is never text of the page. */
const NOT_TEXT = new Set([
  'script',
  'style',
  'noscript',
  'head',
  'title',
  'meta',
  'link',
  'svg',
  'math',
  'iframe',
  'object',
  'embed',
  'canvas',
  'button',
  'input',
  'select',
  'textarea',
  'option',
  'video',
  'audio',
  'source',
  'track',
  'map',
]);
/**
 * Elements that flow within a line. Every other element ends a line of prose (a paragraph for the chunker): block
 * elements, and also custom elements and Vue components, which lay out as blocks far more often than not.
 */
const INLINE = new Set([
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'cite',
  'code',
  'data',
  'del',
  'dfn',
  'em',
  'font',
  'i',
  'ins',
  'kbd',
  'mark',
  'q',
  'rp',
  'rt',
  'ruby',
  's',
  'samp',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'time',
  'tt',
  'u',
  'var',
  'wbr',
  'td',
  'th',
  'picture',
  'nobr',
]);
const HEADING = /^h([1-6])$/;
/** Text a permalink next to a heading shows: not part of the heading. */
const PERMALINK_TEXT = /^[\s#¶§🔗\u200b\ufeff]*$/u;
const LANGUAGE_CLASS = /(?:^|\s)(?:language|lang)-([\w+#.-]+)/;

export interface DomTextOptions {
  /** Vue templates in Markdown are visible; in an HTML page `<template>` is inert. */
  keepTemplates?: boolean;
  /** Heading anchors, made unique per page by the caller. */
  anchor?: (heading: DomElement, text: string) => string | undefined;
}

/** The id a link to this heading takes: its own, a named anchor inside it, or its section's (Sphinx puts it there). */
export function headingId(heading: DomElement): string | undefined {
  if (heading.id) return heading.id;
  const named = heading.querySelectorAll('a[id], a[name]')[0];
  if (named) return named.id || named.getAttribute('name') || undefined;
  const parent = heading.parentElement;
  if (parent && parent.firstElementChild === heading && parent.id && /^(?:section|div|article)$/.test(parent.localName))
    return parent.id;
  const before = heading.previousElementSibling;
  if (before?.localName === 'a' && !(before.textContent ?? '').trim())
    return before.id || before.getAttribute('name') || undefined;
  return undefined;
}

/** The text of a heading without its permalink (`<a class="header-anchor" href="#id">#</a>`). */
function headingText(heading: DomElement): string {
  const parts: string[] = [];
  const visit = (node: DomNode) => {
    if (node.nodeType === TEXT_NODE) parts.push(node.textContent ?? '');
    if (node.nodeType !== ELEMENT_NODE) return;
    const el = node as DomElement;
    if (NOT_TEXT.has(el.localName)) return;
    if (
      el.localName === 'a' &&
      ((el.getAttribute('href') ?? '').startsWith('#') || el.getAttribute('aria-hidden') === 'true') &&
      PERMALINK_TEXT.test(el.textContent ?? '')
    )
      return;
    for (const child of Array.from(el.childNodes)) visit(child);
  };
  for (const child of Array.from(heading.childNodes)) visit(child);
  return parts.join('');
}

function codeLanguage(pre: DomElement): string | undefined {
  for (const el of [pre, pre.querySelectorAll('code')[0], pre.parentElement]) {
    const match = el ? LANGUAGE_CLASS.exec(el.getAttribute('class') ?? '') : null;
    if (match) return match[1];
  }
  return pre.getAttribute('data-language') ?? pre.getAttribute('data-lang') ?? undefined;
}

/**
 * Writes the text under the given nodes into the builder: h1–h6 as headings with their anchors, `<pre>` as code,
 * block elements as lines of prose, table cells apart (` | `). Ignored parts must be removed from the DOM first.
 */
export function writeDomText(nodes: DomNode[], out: TextBuilder, options: DomTextOptions = {}): void {
  let line: string[] = [];
  let cellsInRow = 0;
  const flush = () => {
    out.line(line.join(''));
    line = [];
  };
  const visit = (node: DomNode) => {
    if (node.nodeType === TEXT_NODE) {
      line.push(node.textContent ?? '');
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const el = node as DomElement;
    const name = el.localName;
    if (NOT_TEXT.has(name) || (name === 'template' && !options.keepTemplates)) return;
    const level = HEADING.exec(name)?.[1];
    if (level) {
      flush();
      const text = headingText(el);
      out.heading(Number(level), text, options.anchor ? options.anchor(el, text) : headingId(el));
      return;
    }
    if (name === 'pre') {
      flush();
      out.code(el.textContent ?? '', codeLanguage(el));
      return;
    }
    if (name === 'img') {
      // As in Markdown, an image keeps only its alt text.
      line.push(` ${el.getAttribute('alt') ?? ''} `);
      return;
    }
    if (name === 'br') {
      flush();
      return;
    }
    if (name === 'td' || name === 'th') {
      if (cellsInRow++ > 0) line.push(' | ');
    }
    const block = !INLINE.has(name);
    if (block) flush();
    if (name === 'tr') cellsInRow = 0;
    for (const child of Array.from(el.childNodes)) visit(child);
    if (block) flush();
  };
  for (const node of nodes) visit(node);
  flush();
}
