import type { DocumentBlock } from '../../domain/documents.ts';
import { dropLongRuns } from './long-runs.ts';

/** The text of a structured page and the blocks that say what each part of it is. */
export interface StructuredText {
  text: string;
  blocks: DocumentBlock[];
}

/** What a structured format writes, block by block, in document order. */
export interface TextBuilder {
  heading(level: number, text: string, anchor?: string): void;
  /** A line of prose; whitespace is collapsed, long URL/encoded runs dropped, and an empty line skipped. */
  line(text: string): void;
  code(code: string, lang?: string): void;
  build(): StructuredText;
}

/** Whitespace of HTML and Markdown, not U+3000: the full-width space is content in Japanese text. */
const SPACE = /[ \t\n\r\f\v\u00a0]+/g;
/** Zero-width characters that pages use as invisible anchors (VitePress's header-anchor text). */
const INVISIBLE = /[\u200b\ufeff]/g;

/**
 * A line break between two characters of scripts written without spaces is no space (CSS Text's segment break
 * rule): `進められており、⏎以下に` reads `…おり、以下に`.
 */
const CJK_BREAK =
  /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef])[ \t]*\n[ \t\r\n]*(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef])/gu;

/** Prose as indexed: one line, no invisible characters, no runs of URL or encoded text. */
export function cleanLine(text: string): string {
  return dropLongRuns(text.replace(INVISIBLE, '').replace(CJK_BREAK, '$1')).replace(SPACE, ' ').trim();
}

/**
 * Writes the document as Markdown-like text: headings as `#` lines (so the text reads as before), prose one line a
 * paragraph, code between fences. The blocks cover headings, prose and code lines, never the fences.
 */
export function createTextBuilder(): TextBuilder {
  const parts: string[] = [];
  const blocks: DocumentBlock[] = [];
  let length = 0;
  const push = (line: string): { start: number; end: number } => {
    if (length > 0) {
      parts.push('\n');
      length += 1;
    }
    parts.push(line);
    const span = { start: length, end: length + line.length };
    length += line.length;
    return span;
  };
  return {
    heading(level, text, anchor) {
      const clean = cleanLine(text);
      if (!clean) return;
      const prefix = `${'#'.repeat(Math.min(6, Math.max(1, level)))} `;
      const span = push(prefix + clean);
      blocks.push({
        kind: 'heading',
        start: span.start,
        end: span.end,
        level,
        text: clean,
        ...(anchor ? { anchor } : {}),
      });
    },
    line(text) {
      const clean = cleanLine(text);
      if (!clean) return;
      blocks.push({ kind: 'text', ...push(clean) });
    },
    code(code, lang) {
      const lines = code
        .replace(INVISIBLE, '')
        .split(/\r\n?|\n/)
        .map((l) => dropLongRuns(l).trimEnd());
      while (lines.length > 0 && lines[0].trim() === '') lines.shift();
      while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
      if (lines.length === 0) return;
      const body = lines.join('\n');
      // A fence longer than any backtick run inside, so the text stays valid Markdown.
      const fence = '`'.repeat(Math.max(3, ...(body.match(/`+/g) ?? []).map((run) => run.length + 1)));
      push(fence + (lang ?? ''));
      const span = push(body);
      push(fence);
      blocks.push({ kind: 'code', ...span, ...(lang ? { lang } : {}) });
    },
    build() {
      return { text: parts.join(''), blocks };
    },
  };
}
