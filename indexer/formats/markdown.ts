import type { Parents, PhrasingContent, Root, RootContent } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { decodeText } from '../decode.ts';
import { readFrontMatter, type FrontMatter } from './frontmatter.ts';
import { htmlFragmentText } from './html-fragment.ts';
import { sourceName } from './single-document.ts';
import { createSlugger } from './slug.ts';
import { createTextBuilder, type TextBuilder } from './structured-text.ts';
import type { FormatParser, MarkdownOptions } from './types.ts';

/** CommonMark with GFM (tables, autolinks, strikethrough, footnotes) and YAML/TOML front matter. */
const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml', 'toml']).use(remarkGfm);

/**
 * A container fence line: VitePress `::: tip Title`, `:::details Title {open}`, Docusaurus `:::note Title` or
 * `:::note[Title]`, and the closing `:::`. Group 2/3 hold the title, which is kept as a line of its own.
 */
const CONTAINER = /^\s*:{3,}\s*(?:[A-Za-z][\w-]*)?\s*(?:\[([^\]]*)\])?\s*(.*?)\s*(?:\{[^{}]*\})?\s*$/u;
/** GitHub / VitePress alerts open a blockquote with `[!NOTE]`. */
const ALERT = /^\s*\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*/i;
/** Vue interpolation in VitePress Markdown: its value is computed at build time, not text. */
const MUSTACHE = /\{\{[\s\S]*?\}\}/g;
/** Lines that are directives to the site generator: `[[toc]]`. */
const DIRECTIVE_LINE = /^\s*\[\[toc\]\]\s*$/i;
/** markdown-it-attrs / Docusaurus heading attributes at the end of a heading: `{#id}`, `{#id .class}`. */
const HEADING_ATTRS =
  /\s*\{\s*((?:[#.][^\s{}]+|[\w-]+=(?:"[^"]*"|[^\s{}]+))(?:\s+(?:[#.][^\s{}]+|[\w-]+=(?:"[^"]*"|[^\s{}]+)))*)\s*\}\s*$/u;
/** A character of a script written without spaces: a line break between two of them joins without one. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef]/u;

/**
 * Markdown through a real parser (remark): front matter gives title, description, tags, lang and meta; a page marked
 * not for search (frontmatter.ts notForSearch) gives no document. The text is clean: headings as `#` lines with
 * their anchors, link text without targets, images as alt text, raw HTML as its text (no script/style), container
 * fences without markers, code blocks marked as code. Title: front matter, else the first h1.
 */
export const parseMarkdown: FormatParser = async (fileName, bytes, options) => {
  const page = markdownPage(decodeText(bytes, fileName), fileName, options.markdown);
  if (page.frontMatter.skip) return [];
  const source = sourceName(fileName);
  const { title, description, tags, lang, meta } = page.frontMatter;
  return [
    {
      id: options.documentId ?? source,
      title: title ?? page.firstH1 ?? '',
      text: page.text,
      source,
      blocks: page.blocks,
      ...(description ? { description } : {}),
      ...(tags ? { tags } : {}),
      ...(lang ? { lang } : {}),
      ...(meta ? { meta } : {}),
    },
  ];
};

interface MarkdownPage {
  frontMatter: FrontMatter;
  firstH1?: string;
  text: string;
  blocks: ReturnType<TextBuilder['build']>['blocks'];
}

export function markdownPage(markdown: string, fileName: string, options: MarkdownOptions = {}): MarkdownPage {
  const tree = processor.parse(markdown) as Root;
  const out = createTextBuilder();
  const anchor = createSlugger(options.slugger ?? 'vitepress');
  let frontMatter: FrontMatter = { skip: false };
  let firstH1: string | undefined;

  const lines = (text: string) => {
    // Lines as written: a container fence stands on a line of its own; the rest of a paragraph joins into one line.
    let run: string[] = [];
    const emit = () => {
      out.line(joinLines(run).replace(MUSTACHE, ''));
      run = [];
    };
    for (const line of text.split('\n')) {
      const fence = /^\s*:{3,}/.test(line) ? CONTAINER.exec(line) : null;
      if (fence) {
        emit();
        out.line(fence[1] ?? fence[2] ?? '');
      } else if (!DIRECTIVE_LINE.test(line)) run.push(line);
    }
    emit();
  };

  const block = (node: RootContent | Root): void => {
    // mdast types YAML front matter only; remark-frontmatter gives TOML the same shape.
    const type = node.type as string;
    if (type === 'yaml' || type === 'toml') {
      if (node === tree.children[0]) frontMatter = readFrontMatter(type, (node as { value: string }).value, fileName);
      return;
    }
    switch (node.type) {
      case 'heading': {
        const raw = inlineText(node.children);
        const attrs = HEADING_ATTRS.exec(raw);
        const text = attrs ? raw.slice(0, attrs.index) : raw;
        const explicit = attrs?.[1]
          .split(/\s+/)
          .find((attr) => attr.startsWith('#'))
          ?.slice(1);
        const heading = joinLines(text.split('\n')).replace(MUSTACHE, '');
        if (node.depth === 1) firstH1 ??= heading.trim() || undefined;
        // The generator slugs the heading as written (inline HTML left out), before any clean-up of ours.
        out.heading(node.depth, heading, anchor(text.trim(), explicit));
        return;
      }
      case 'paragraph':
        lines(inlineText(node.children));
        return;
      case 'code':
        out.code(node.value, node.lang ?? undefined);
        return;
      case 'html':
        htmlFragmentText(node.value, out, lines);
        return;
      case 'blockquote': {
        const [first] = node.children;
        if (first?.type === 'paragraph' && first.children[0]?.type === 'text')
          first.children[0].value = first.children[0].value.replace(ALERT, '');
        node.children.forEach(block);
        return;
      }
      case 'table':
        for (const row of node.children)
          lines(row.children.map((cell) => joinLines(inlineText(cell.children).split('\n'))).join(' | '));
        return;
      case 'thematicBreak':
      case 'definition':
        return;
      default:
        if ('children' in node) (node.children as RootContent[]).forEach(block);
    }
  };
  block(tree);
  return { frontMatter, firstH1, ...out.build() };
}

/**
 * Phrasing content as text: link text without its target, image alt text, inline code as written, inline HTML tags
 * dropped (their text between them is ordinary text nodes). Soft line breaks stay `\n` for the caller to join.
 */
function inlineText(nodes: PhrasingContent[]): string {
  let text = '';
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
      case 'inlineCode':
        text += node.value;
        break;
      case 'image':
      case 'imageReference':
        text += node.alt ? ` ${node.alt} ` : '';
        break;
      case 'break':
        text += '\n';
        break;
      case 'html':
      case 'footnoteReference':
        break;
      default:
        if ('children' in node) text += inlineText((node as Parents).children as PhrasingContent[]);
    }
  }
  return text;
}

/** Lines of one paragraph as one line: no space where both sides are Japanese/Chinese, a space elsewhere. */
function joinLines(lines: string[]): string {
  let joined = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (joined && !(CJK.test(joined[joined.length - 1]) && CJK.test(line[0]))) joined += ' ';
    joined += line;
  }
  return joined;
}
